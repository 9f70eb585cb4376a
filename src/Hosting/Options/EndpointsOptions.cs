namespace SessionCluster.Hosting.Options;

/// <summary>
/// Which operations endpoints are mapped (<c>SessionCluster:Endpoints</c>). Each is on by default; <c>false</c> unmaps
/// it (404), for deployments that scrape metrics another way or do not publish their API description.
/// The probes (<c>/healthz</c>, <c>/readyz</c>) are always mapped: orchestrators depend on them.
/// </summary>
public sealed class EndpointsOptions
{
    public const string SectionName = "SessionCluster:Endpoints";

    /// <summary><c>/metrics</c> (Prometheus text), on silos and API nodes.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary><c>/openapi/v1.json</c> on API nodes.</summary>
    public bool OpenApi { get; set; } = true;

    /// <summary><c>/docs</c> (the interactive reference, which reads the OpenAPI document) on API nodes.</summary>
    public bool Docs { get; set; } = true;
}
