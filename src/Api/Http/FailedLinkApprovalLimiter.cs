using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SessionCluster.Api.Contracts;
using SessionCluster.Api.Http;

namespace SessionCluster.Api.Http;

/// <summary>Counts only failed approvals, per session: a signed-in attacker guessing codes is stopped after a few.</summary>
public sealed class FailedLinkApprovalLimiter(IOptions<BrowserOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.Browser.LinkApprovalFailuresPerSession,
            Window = options.Value.Browser.LinkApprovalFailureWindow,
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
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : options.Value.Browser.LinkApprovalFailureWindow;
    }

    public void Failed(string tenantId, string sessionId) => _limiter.AttemptAcquire(Key(tenantId, sessionId)).Dispose();

    public void Dispose() => _limiter.Dispose();

    private static string Key(string tenantId, string sessionId) => $"{tenantId}/{sessionId}";
}
