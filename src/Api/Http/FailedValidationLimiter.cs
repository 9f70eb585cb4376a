using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SessionCluster.Api.Http;

/// <summary>
/// Counts validations of tokens that name no session (junk, forged, guessed: <see cref="SessionError.TokenInvalid"/>)
/// per tenant and <b>end-user</b> address, so one attacker sending junk through an app slows only their own address,
/// never the app's other users; an expired or revoked session is ordinary and never counts. 256-bit secrets cannot be
/// guessed: what this limits is the cost of junk (each unknown session id is a storage read). A check that names no
/// address is not limited here (the app should report <c>client.ip</c>).
/// </summary>
public sealed class FailedValidationLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<CallerId> _limiter = PartitionedRateLimiter.Create<CallerId, CallerId>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailedValidationsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>
    /// Callers that failed in this minute or the one before: only they can have spent their budget. Everyone else is let
    /// through without asking the limiter, whose lookup takes a lock shared by every request (contended on the hot path).
    /// Two generations of at least a minute each outlast the limiter's one-minute window, so nobody blocked is let out early.
    /// </summary>
    private volatile ConcurrentDictionary<CallerId, byte> _failing = new();
    private volatile ConcurrentDictionary<CallerId, byte> _failedBefore = new();
    private long _rotatedAt = Environment.TickCount64;

    /// <summary>The key of an end user of <paramref name="tenantId"/> at <paramref name="address"/>; null when there is no usable address.</summary>
    public static CallerId? KeyFor(string tenantId, string? address) =>
        System.Net.IPAddress.TryParse(address, out var ip) ? new CallerId(tenantId, ip) : null;

    /// <summary>Whether this failure counts against the caller's budget (only tokens naming no session do).</summary>
    public static bool Counts(SessionError error) => error == SessionError.TokenInvalid;

    /// <summary>False when this caller has used up its failures for now (the answer is 429).</summary>
    public bool MayTry(CallerId? key)
    {
        if (key is not { } caller)
        {
            return true;
        }
        if (!_failing.ContainsKey(caller) && !_failedBefore.ContainsKey(caller))
        {
            return true;
        }
        return _limiter.GetStatistics(caller) is not { CurrentAvailablePermits: <= 0 };
    }

    /// <summary>Records a failed validation, if it is one that counts (see <see cref="Counts"/>).</summary>
    public void Failed(CallerId? key, SessionError error)
    {
        if (key is not { } caller || !Counts(error))
        {
            return;
        }
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
