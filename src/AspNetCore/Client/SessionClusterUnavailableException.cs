namespace SessionCluster.AspNetCore.Client;

/// <summary>
/// SessionCluster could not be reached or could not answer (network error, timeout, open circuit, 5xx). Never a
/// reason to sign anyone out.
/// </summary>
public sealed class SessionClusterUnavailableException : SessionClusterException
{
    /// <summary>An outage.</summary>
    public SessionClusterUnavailableException(string message, Exception? inner = null, string code = "cluster_unavailable")
        : base(503, code, message, inner)
    {
    }
}
