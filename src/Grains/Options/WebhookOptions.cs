namespace SessionCluster.Grains;

/// <summary>One webhook endpoint of a tenant (<c>SessionCluster:Tenants:{tenantId}:Webhooks:{name}</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Where events are POSTed: HTTPS (plain HTTP only in Development).</summary>
    public string? Url { get; set; }

    /// <summary>The signing key as Standard Webhooks writes it: <c>whsec_</c> + base64 of 24 to 64 random bytes.</summary>
    public string? Secret { get; set; }

    /// <summary>Event types or prefixes ending in '.' (<c>security.</c>) to deliver; empty: every event.</summary>
    public List<string> Types { get; set; } = [];
}
