using System.Net;

namespace SessionCluster.AspNetCore.Authentication;

/// <summary>Trusted proxy addresses and networks (<c>10.0.0.5</c>, <c>10.0.0.0/8</c>).</summary>
internal static class ProxyNetworks
{
    public static bool TryParse(string? value, out System.Net.IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        if (value.Contains('/'))
        {
            return System.Net.IPNetwork.TryParse(value, out network);
        }
        if (!IPAddress.TryParse(value, out var address))
        {
            return false;
        }
        network = new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    public static bool Contains(IEnumerable<string> trusted, IPAddress? caller)
    {
        if (caller is null)
        {
            return false;
        }
        if (caller.IsIPv4MappedToIPv6)
        {
            caller = caller.MapToIPv4();
        }
        foreach (var entry in trusted)
        {
            if (TryParse(entry, out var network) && network.Contains(caller))
            {
                return true;
            }
        }
        return false;
    }
}
