using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SessionCluster.Api.Http;

/// <summary>
/// Counts only failed validations (a guessing or replaying caller), per API key and address: once the budget is
/// spent, validations from that caller are refused until the window turns, successful callers are never slowed.
/// </summary>
public sealed class FailedValidationLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<CallerId> _limiter = PartitionedRateLimiter.Create<CallerId, CallerId>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailedValidationsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        }));

    /// <summary>
    /// Callers that failed in this minute or the one before: only they can have spent their budget. Everyone else is let
    /// through without asking the limiter, whose lookup takes a lock shared by every request (contended on the hot path).
    /// Two generations of at least a minute each outlast the limiter's one-minute window, so nobody blocked is let out early.
    /// </summary>
    private volatile ConcurrentDictionary<CallerId, byte> _failing = new();
    private volatile ConcurrentDictionary<CallerId, byte> _failedBefore = new();
    private long _rotatedAt = Environment.TickCount64;

    /// <summary>False when this caller has used up its failures for now (the answer is 429).</summary>
    public bool MayTry(CallerId caller)
    {
        if (!_failing.ContainsKey(caller) && !_failedBefore.ContainsKey(caller))
        {
            return true;
        }
        return _limiter.GetStatistics(caller) is not { CurrentAvailablePermits: <= 0 };
    }

    public void Failed(CallerId caller)
    {
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _rotatedAt) >= 60_000)
        {
            lock (_limiter)
            {
                if (now - _rotatedAt >= 60_000)
                {
                    _failedBefore = _failing;
                    _failing = new();
                    Interlocked.Exchange(ref _rotatedAt, now);
                }
            }
        }
        _failing.TryAdd(caller, 0);
        _limiter.AttemptAcquire(caller).Dispose();
    }

    public void Dispose() => _limiter.Dispose();
}
