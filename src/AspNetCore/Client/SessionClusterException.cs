namespace SessionCluster.AspNetCore.Client;

/// <summary>SessionCluster answered with a problem: <see cref="Code"/> is the API's stable error code.</summary>
public class SessionClusterException : Exception
{
    /// <summary>A problem answer.</summary>
    public SessionClusterException(int status, string code, string? message, Exception? inner = null)
        : base(message ?? code, inner)
    {
        Status = status;
        Code = code;
    }

    /// <summary>The HTTP status (503 for an outage, whatever its cause).</summary>
    public int Status { get; }

    /// <summary>The stable code, e.g. <c>token_invalid</c>, <c>session_revoked</c>, <c>cluster_unavailable</c>.</summary>
    public string Code { get; }

    /// <summary><c>Retry-After</c>, when the API named one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>True for the codes that mean the session itself is gone or the credential is not good (a 401).</summary>
    public bool EndsSession => Status == 401 && Code is "token_invalid" or "session_expired" or "session_revoked" or "refresh_token_reused" or "access_token_expired";
}
