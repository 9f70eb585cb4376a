using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace SessionCluster.Api.Http;

/// <summary>ASP.NET Core's built-in rate limiter; a refusal is 429 <c>rate_limited</c> with <c>Retry-After</c>.</summary>
public static class RateLimits
{
    /// <summary>Device-link approvals: at most this many per minute per API key and client address (codes can't be guessed).</summary>
    public const string LinkApproval = "device-link-approval";
    public const int LinkApprovalsPerMinute = 10;

    public static IServiceCollection AddSessionClusterRateLimits(this IServiceCollection services) => services.AddRateLimiter(o =>
    {
        o.AddPolicy(LinkApproval, context => RateLimitPartition.GetFixedWindowLimiter(
            $"{ApiKeyRegistry.HashHex(context.Request.Headers[ServiceCaller.HeaderName].ToString())}|{context.Connection.RemoteIpAddress}",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = LinkApprovalsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        o.OnRejected = async (rejected, cancellationToken) =>
        {
            var response = rejected.HttpContext.Response;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = rejected.HttpContext,
                ProblemDetails = ApiProblem.Details(429, ErrorCodes.RateLimited, "Too many requests; retry after the time in Retry-After."),
            });
        };
    });
}
