using System.Net;
using IPNetwork = System.Net.IPNetwork;

namespace SessionCluster.Api;

/// <summary>
/// <c>SessionCluster:TrustedProxies:{n}</c>: the reverse proxies (an address, or a network as <c>10.0.0.0/8</c>) whose
/// <c>X-Forwarded-For</c> names the end user's address. Matters when browsers reach <c>/v1/me</c> through the app's
/// proxy (cookie mode): without it the API sees the proxy's address, which looks like a new network to the risk check.
/// Empty (the default): the connection's address is the client, as before.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string SectionName = "SessionCluster";
    public const string Key = "SessionCluster:TrustedProxies";

    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Parses an entry: an address, or an address and a prefix length.</summary>
    public static bool TryParse(string? entry, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }
        if (entry.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(entry, out network);
        }
        if (!IPAddress.TryParse(entry, out var address))
        {
            return false;
        }
        network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }
}
