namespace SessionCluster;

/// <summary>
/// Grain keys. Every key starts with the tenant id, so one tenant's grains (and their storage keys)
/// can never be addressed through another tenant.
/// </summary>
public static class GrainKeys
{
    /// <summary>Key of any tenant-scoped grain: <c>{tenantId}/{id}</c>.</summary>
    public static string Scoped(string tenantId, string id) => string.Concat(tenantId, "/", id);

    /// <summary>Key of a session grain.</summary>
    public static string Session(string tenantId, string sessionId) => Scoped(tenantId, sessionId);

    /// <summary>Key of a user grain.</summary>
    public static string User(string tenantId, string userId) => Scoped(tenantId, userId);

    /// <summary>Splits a grain key into tenant and the rest (session or user id).</summary>
    public static (string TenantId, string Id) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == key.Length - 1)
        {
            throw new ArgumentException($"'{key}' is not a tenant-scoped grain key.", nameof(key));
        }
        return (key[..slash], key[(slash + 1)..]);
    }
}
