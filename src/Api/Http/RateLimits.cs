using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SessionCluster.Api.Http;

/// <summary>ASP.NET Core's built-in rate limiter; a refusal is 429 <c>rate_limited</c> with <c>Retry-After</c>.</summary>
public static class RateLimits
{
    public const string Create = "sessions-create";
    public const string Refresh = "sessions-refresh";
    public const string LinkApproval = "device-link-approval";

    public static IServiceCollection AddSessionClusterRateLimits(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(RateLimitOptions.SectionName);
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
}
