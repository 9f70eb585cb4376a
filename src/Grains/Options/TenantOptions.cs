namespace SessionCluster.Grains;

/// <summary>One tenant's configuration (<c>SessionCluster:Tenants:{tenantId}</c>).</summary>
public sealed class TenantOptions
{
    /// <summary>API keys of the tenant: plain, or <c>sha256:</c> followed by the key's SHA-256 in hex.</summary>
    public List<string> ApiKeys { get; set; } = [];
    public SessionPolicy Policy { get; set; } = new();

    /// <summary>The tenant's webhook endpoints by name (the name is part of the API: <c>/v1/webhooks/{name}</c>).</summary>
    public Dictionary<string, WebhookOptions> Webhooks { get; set; } = new(StringComparer.Ordinal);
}
