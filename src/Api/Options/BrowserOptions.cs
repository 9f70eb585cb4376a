namespace SessionCluster.Api;

/// <summary>
/// The browser settings: <c>SessionCluster:Browser:*</c> (limits) and, per tenant,
/// <c>SessionCluster:Tenants:{tenantId}:Browser:PublicDeviceLinks</c>.
/// </summary>
public sealed class BrowserOptions
{
    public BrowserLimits Browser { get; set; } = new();

    public Dictionary<string, BrowserTenant> Tenants { get; set; } = new(StringComparer.Ordinal);
}
