using SessionCluster.AspNetCore.Client;

namespace SessionCluster.AspNetCore.Caching;

/// <summary>A validation's result: a session, or a failure the challenge answers with (401, 429, 503).</summary>
internal readonly record struct ValidationOutcome(SessionInfo? Session, int Status, string? Code, string? Message, TimeSpan? RetryAfter, bool FromCache)
{
    public static ValidationOutcome Valid(SessionInfo session, bool fromCache) => new(session, 200, null, null, null, fromCache);

    public static ValidationOutcome Failed(int status, string code, string message, TimeSpan? retryAfter = null) => new(null, status, code, message, retryAfter, false);
}
