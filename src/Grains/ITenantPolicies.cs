using Microsoft.Extensions.Options;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Grains;

/// <summary>The policy in force for a tenant, read fresh from configuration at every call.</summary>
public interface ITenantPolicies
{
    SessionPolicy Get(string tenantId);
}
