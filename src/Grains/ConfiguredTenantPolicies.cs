using Microsoft.Extensions.Options;

namespace SessionCluster.Grains;

internal sealed class ConfiguredTenantPolicies(IOptionsMonitor<SessionClusterOptions> options) : ITenantPolicies
{
    public SessionPolicy Get(string tenantId) =>
        options.CurrentValue.Tenants.TryGetValue(tenantId, out var tenant) ? tenant.Policy : SessionPolicy.Default;

    public bool IsConfigured(string tenantId) => options.CurrentValue.Tenants.ContainsKey(tenantId);
}
