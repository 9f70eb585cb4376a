namespace SessionCluster.AspNetCore;

/// <summary>How the app reaches SessionCluster.</summary>
public enum SessionClusterTransport
{
    /// <summary>The HTTP API with the tenant's API key (the default).</summary>
    Http = 0,
    /// <summary>As an Orleans client of the cluster (services inside the cluster's network; the app sets up <c>UseOrleansClient</c>).</summary>
    Orleans = 1,
}
