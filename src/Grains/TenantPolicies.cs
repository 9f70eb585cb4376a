using Microsoft.Extensions.Options;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Grains;

/// <summary>The policy in force for a tenant, read fresh from configuration at every call.</summary>
public interface ITenantPolicies
{
    SessionPolicy Get(string tenantId);
}

internal sealed class ConfiguredTenantPolicies(IOptionsMonitor<SessionClusterOptions> options) : ITenantPolicies
{
    public SessionPolicy Get(string tenantId) =>
        options.CurrentValue.Tenants.TryGetValue(tenantId, out var tenant) ? tenant.Policy : SessionPolicy.Default;
}
