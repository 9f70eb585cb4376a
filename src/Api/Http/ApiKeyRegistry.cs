using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SessionCluster.Grains;

namespace SessionCluster.Api.Http;

/// <summary>
/// Tenant API keys from configuration, plain or "sha256:"-hashed. Lookup is by the SHA-256 of the
/// presented key, so plain keys are never compared as text and hashed keys work the same way.
/// </summary>
public sealed class ApiKeyRegistry
{
    /// <summary>
    /// The configured keys by hash, and the keys already seen to be valid (so a key is hashed once, not per request;
    /// only configured keys get in). One snapshot, replaced whole on a configuration change, so a key just removed
    /// can never be re-added to the cache of the new configuration.
    /// </summary>
    private sealed record Snapshot(Dictionary<string, string> TenantByKeyHash, ConcurrentDictionary<string, (string TenantId, string KeyHash)> Known);

    private volatile Snapshot _snapshot;

    public ApiKeyRegistry(IOptionsMonitor<SessionClusterOptions> options)
    {
        _snapshot = Build(options.CurrentValue);
        options.OnChange(o => _snapshot = Build(o));
    }

    /// <summary>Also gives the key's hash, which identifies the caller (e.g. for rate limits) without hashing again.</summary>
    public bool TryGetTenant(string? apiKey, out string tenantId, out string keyHash)
    {
        tenantId = keyHash = "";
        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > 512)
        {
            return false;
        }
        var snapshot = _snapshot;
        if (snapshot.Known.TryGetValue(apiKey, out var known))
        {
            (tenantId, keyHash) = known;
            return true;
        }
        keyHash = HashHex(apiKey);
        if (!snapshot.TenantByKeyHash.TryGetValue(keyHash, out tenantId!))
        {
            return false;
        }
        snapshot.Known.TryAdd(apiKey, (tenantId, keyHash));
        return true;
    }

    public static string HashHex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static Snapshot Build(SessionClusterOptions options)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (tenantId, tenant) in options.Tenants)
        {
            foreach (var key in tenant.ApiKeys)
            {
                var hash = key.StartsWith("sha256:", StringComparison.Ordinal) ? key[7..].ToLowerInvariant() : HashHex(key);
                map[hash] = tenantId;
            }
        }
        return new Snapshot(map, new(StringComparer.Ordinal));
    }
}
