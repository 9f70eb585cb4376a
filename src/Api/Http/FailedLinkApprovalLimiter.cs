using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SessionCluster.Api.Http;

/// <summary>
/// Counts only failed approvals (a wrong or expired code), per approving session, on both approval paths (the app's
/// <c>/v1/device-links/approve</c> and the browser's <c>/v1/me/device-links/approve</c>): a signed-in attacker guessing
/// codes is stopped after a few, and nobody else is ever slowed by it.
/// </summary>
public sealed class FailedLinkApprovalLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.LinkApprovalFailuresPerSession,
            Window = options.Value.LinkApprovalFailureWindow,
            QueueLimit = 0,
        }));

    /// <summary>Null while the session may try; otherwise how long until it may try again.</summary>
    public TimeSpan? RetryAfter(string tenantId, string sessionId)
    {
        using var lease = _limiter.AttemptAcquire(Key(tenantId, sessionId), 0);
        if (lease.IsAcquired)
        {
            return null;
        }
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : options.Value.LinkApprovalFailureWindow;
    }

    public void Failed(string tenantId, string sessionId) => _limiter.AttemptAcquire(Key(tenantId, sessionId)).Dispose();

    public void Dispose() => _limiter.Dispose();

    private static string Key(string tenantId, string sessionId) => $"{tenantId}/{sessionId}";
}
