using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SessionCluster.Api.Http;

/// <summary><c>SessionCluster:RateLimits</c>: permits per minute, per tenant (API key) and client address.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "SessionCluster:RateLimits";

    /// <summary>Session creations.</summary>
    public int CreatesPerMinute { get; set; } = 6000;

    /// <summary>Token refreshes.</summary>
    public int RefreshesPerMinute { get; set; } = 12000;

    /// <summary>Validations that fail (unknown, forged or dead tokens); successful ones are never limited.</summary>
    public int FailedValidationsPerMinute { get; set; } = 3000;

    /// <summary>Device-link approvals: codes can't be guessed.</summary>
    public int LinkApprovalsPerMinute { get; set; } = 10;
}

/// <summary>Who a limit counts: an API key (by its hash) and the address calling with it. A struct, so no string per request.</summary>
public readonly record struct CallerId(string KeyHash, System.Net.IPAddress? Address);

/// <summary>ASP.NET Core's built-in rate limiter; a refusal is 429 <c>rate_limited</c> with <c>Retry-After</c>.</summary>
public static class RateLimits
{
    public const string Create = "sessions-create";
    public const string Refresh = "sessions-refresh";
    public const string LinkApproval = "device-link-approval";

    public static IServiceCollection AddSessionClusterRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName)
            .Validate(o => o.CreatesPerMinute > 0 && o.RefreshesPerMinute > 0 && o.FailedValidationsPerMinute > 0 && o.LinkApprovalsPerMinute > 0,
                "Every SessionCluster:RateLimits:* setting must be a positive number of permits per minute.")
            .ValidateOnStart();
        services.AddSingleton<FailedValidationLimiter>();
        return services.AddRateLimiter(o =>
        {
            o.AddPolicy(Create, context => PerCaller(context, l => l.CreatesPerMinute));
            o.AddPolicy(Refresh, context => PerCaller(context, l => l.RefreshesPerMinute));
            o.AddPolicy(LinkApproval, context => PerCaller(context, l => l.LinkApprovalsPerMinute));
            o.OnRejected = (rejected, _) => WriteRejectionAsync(rejected.HttpContext,
                rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1));
        });
    }

    /// <summary>The partition: the API key (so, the tenant) and the calling address.</summary>
    public static CallerId CallerKey(string keyHash, HttpContext context) => new(keyHash, context.Connection.RemoteIpAddress);

    /// <summary>The same, in rate-limit middleware, which runs before the caller is bound.</summary>
    private static CallerId CallerKey(HttpContext context)
    {
        var key = context.Request.Headers[ServiceCaller.HeaderName].ToString();
        var registry = context.RequestServices.GetRequiredService<ApiKeyRegistry>();
        return CallerKey(registry.TryGetTenant(key, out _, out var hash) ? hash : ApiKeyRegistry.HashHex(key), context);
    }

    public static async ValueTask WriteRejectionAsync(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ApiProblem.Details(429, ErrorCodes.RateLimited, "Too many requests; retry after the time in Retry-After."),
        });
    }

    private static RateLimitPartition<CallerId> PerCaller(HttpContext context, Func<RateLimitOptions, int> permits)
    {
        var limit = permits(context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(CallerKey(context),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }
}

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
