using System.Net;
using System.Net.Sockets;

namespace SessionCluster.Grains.Domain;

/// <summary>
/// Compares the client a session is used from with the one it was created from. A "network" is an IPv4 /24
/// or an IPv6 /48, so a NAT pool or a home router renumbering inside its prefix is not a signal. A side the
/// app did not report (no IP, no user agent) gives no signal.
/// </summary>
public static class RiskSignals
{
    public static RiskFinding Assess(ClientInfo createdFrom, ClientInfo seen) => new(
        NewNetwork: Known(createdFrom.Ip) && Known(seen.Ip) && !SameNetwork(createdFrom.Ip!, seen.Ip!),
        NewUserAgent: Known(createdFrom.UserAgent) && Known(seen.UserAgent) && !string.Equals(createdFrom.UserAgent, seen.UserAgent, StringComparison.Ordinal));

    /// <summary>The network an address belongs to, as a key (<c>198.51.100.0/24</c>, <c>2001:db8:1::/48</c>).</summary>
    public static string NetworkOf(string ip)
    {
        if (!IPAddress.TryParse(ip, out var address))
        {
            return ip.ToLowerInvariant();
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var v4 = address.AddressFamily == AddressFamily.InterNetwork;
        var bytes = address.GetAddressBytes();
        bytes.AsSpan(v4 ? 3 : 6).Clear();
        return $"{new IPAddress(bytes)}/{(v4 ? 24 : 48)}";
    }

    public static bool SameNetwork(string a, string b)
    {
        if (!IPAddress.TryParse(a, out var ipA) || !IPAddress.TryParse(b, out var ipB))
        {
            return string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        }
        if (ipA.IsIPv4MappedToIPv6)
        {
            ipA = ipA.MapToIPv4();
        }
        if (ipB.IsIPv4MappedToIPv6)
        {
            ipB = ipB.MapToIPv4();
        }
        if (ipA.AddressFamily != ipB.AddressFamily)
        {
            return false;
        }
        var prefixBytes = ipA.AddressFamily == AddressFamily.InterNetwork ? 3 : 6;
        return ipA.GetAddressBytes().AsSpan(0, prefixBytes).SequenceEqual(ipB.GetAddressBytes().AsSpan(0, prefixBytes));
    }

    private static bool Known(string? value) => !string.IsNullOrWhiteSpace(value);
}
