namespace SessionCluster.AspNetCore;

/// <summary>How the app reaches SessionCluster: the <c>SessionCluster:Client</c> configuration section.</summary>
public sealed class SessionClusterClientOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "SessionCluster:Client";

    /// <summary><c>SessionCluster:Client:BaseUrl</c>: the API's address, e.g. <c>http://sessioncluster:8080</c> (HTTP transport).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary><c>SessionCluster:Client:ApiKey</c>: the tenant's API key (HTTP transport). Keep it in a secret store.</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>SessionCluster:Client:Transport</c>: <c>Http</c> (default) or <c>Orleans</c>.</summary>
    public SessionClusterTransport Transport { get; set; } = SessionClusterTransport.Http;

    /// <summary><c>SessionCluster:Client:TenantId</c>: the tenant the Orleans transport acts for (the API key names it over HTTP).</summary>
    public string? TenantId { get; set; }

    /// <summary><c>SessionCluster:Client:Timeout</c>: the longest one attempt may take (default 2 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>SessionCluster:Client:MaxRetries</c>: retries of a repeat-safe call after a transient failure (default 2, 0–10).</summary>
    public int MaxRetries { get; set; } = 2;
}
