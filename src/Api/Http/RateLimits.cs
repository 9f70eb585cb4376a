using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SessionCluster.Api.Http;

/// <summary>ASP.NET Core's built-in rate limiter; a refusal is 429 <c>rate_limited</c> with <c>Retry-After</c>.</summary>
public static class RateLimits
{
    public const string Create = "sessions-create";
    public const string Refresh = "sessions-refresh";

    /// <summary>
    /// Browser refreshes and cookie-mode starts: per client address (the real one behind trusted proxies), never per
    /// the <c>X-Api-Key</c> header a browser does not send or could invent anew for each request.
    /// </summary>
    public const string EndUserRefresh = "me-refresh";

    public static IServiceCollection AddSessionClusterRateLimits(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(RateLimitOptions.SectionName);
        services.AddSingleton<FailedValidationLimiter>();
        services.AddSingleton<FailedLinkApprovalLimiter>();
        return services.AddRateLimiter(o =>
        {
            o.AddPolicy(Create, context => PerCaller(context, l => l.CreatesPerMinute));
            o.AddPolicy(Refresh, context => PerCaller(context, l => l.RefreshesPerMinute));
            o.AddPolicy(EndUserRefresh, context => PerAddress(context, l => l.EndUserRefreshesPerMinute));
            o.OnRejected = (rejected, _) => WriteRejectionAsync(rejected.HttpContext,
                rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1));
        });
    }

    /// <summary>
    /// The partition of an app's calls: its API key and its address. An unknown key never gets a partition of its own
    /// (a caller inventing keys would otherwise make a new limiter per request): all unknown keys share one.
    /// </summary>
    private static CallerId CallerKey(HttpContext context)
    {
        var key = context.Request.Headers[ServiceCaller.HeaderName].ToString();
        var registry = context.RequestServices.GetRequiredService<ApiKeyRegistry>();
        return new CallerId(registry.TryGetTenant(key, out _, out var hash) ? hash : "", context.Connection.RemoteIpAddress);
    }

    public static async ValueTask WriteRejectionAsync(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        RetryAfter.Set(context.Response, retryAfter);
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

    private static RateLimitPartition<CallerId> PerAddress(HttpContext context, Func<RateLimitOptions, int> permits)
    {
        var limit = permits(context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(new CallerId("me", context.Connection.RemoteIpAddress),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }
}
