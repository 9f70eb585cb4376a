namespace SessionCluster.Grains;

/// <summary>The policy in force for a tenant, read fresh from configuration at every call.</summary>
public interface ITenantPolicies
{
    SessionPolicy Get(string tenantId);

    /// <summary>Whether the tenant is configured at all (a token naming any other is junk, refused before any grain call).</summary>
    bool IsConfigured(string tenantId);
}
