namespace SessionCluster.Api;

public sealed class BrowserTenant
{
    /// <summary>The tenant's keys (read only to check a Browser section belongs to a configured tenant).</summary>
    public List<string> ApiKeys { get; set; } = [];

    public BrowserTenantSettings Browser { get; set; } = new();
}
