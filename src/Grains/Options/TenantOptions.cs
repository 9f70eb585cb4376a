namespace SessionCluster.Grains;

/// <summary>One tenant's configuration (<c>SessionCluster:Tenants:{tenantId}</c>).</summary>
public sealed class TenantOptions
{
    /// <summary>API keys of the tenant: plain, or <c>sha256:</c> followed by the key's SHA-256 in hex.</summary>
    public List<string> ApiKeys { get; set; } = [];
    public SessionPolicy Policy { get; set; } = new();
}
