using SessionCluster.Api.Contracts;
using SessionCluster.Grains;

namespace SessionCluster.Api.Http;

/// <summary>
/// An end user calling with their own session: <c>Authorization: Bearer</c>, or in cookie mode the session cookie
/// (then a state-changing call must pass the CSRF check, else 403 <c>csrf_invalid</c>). Binding validates the
/// token, which is the call's activity; a dead or unknown session is 401 with its code. A token of a tenant that is
/// not configured is refused before any grain is touched, and junk tokens are limited per client address.
/// </summary>
public sealed record EndUser(string TenantId, SessionView Session, bool ViaCookie)
{
    public static async ValueTask<EndUser?> BindAsync(HttpContext context)
    {
        var token = BearerToken(context.Request.Headers.Authorization.ToString());
        var viaCookie = false;
        if (token is null && context.Request.Cookies[SessionCookies.Access] is { Length: > 0 } cookie)
        {
            token = cookie;
            viaCookie = true;
            if (SessionCookies.IsStateChanging(context.Request.Method) && !SessionCookies.CsrfHolds(context.Request, token))
            {
                throw SessionCookies.CsrfProblem();
            }
        }
        var services = context.RequestServices;
        var failures = services.GetRequiredService<FailedValidationLimiter>();
        var failureKey = new CallerId(FailureScope, context.Connection.RemoteIpAddress);
        if (!failures.MayTry(failureKey))
        {
            throw new ApiProblemException(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                "Too many unknown tokens from this address; retry after the time in Retry-After.")
            { RetryAfter = TimeSpan.FromMinutes(1) };
        }
        if (!SessionClusterClient.TryGetTenant(token, out var tenantId) || !services.GetRequiredService<ITenantPolicies>().IsConfigured(tenantId))
        {
            failures.Failed(failureKey, SessionError.TokenInvalid);
            throw ApiProblem.Exception(SessionError.TokenInvalid, challenge: "Bearer");
        }
        var grains = services.GetRequiredService<IGrainFactory>();
        var client = ClientOf(context);
        var result = await ClusterRetry.RunAsync(() => grains.ValidateAsync(tenantId, token, client));
        if (!result.Succeeded)
        {
            failures.Failed(failureKey, result.Error);
            throw ApiProblem.Exception(result.Error, challenge: "Bearer");
        }
        return new EndUser(tenantId, result.Session!, viaCookie) { AccessToken = token! };
    }

    /// <summary>The token the caller presented. Internal, so a record's printout (a log line) never shows it.</summary>
    internal string AccessToken { get; init; } = "";

    /// <summary>The failure budget of <c>/v1/me</c> is per client address, apart from any tenant's apps.</summary>
    private const string FailureScope = "me";

    /// <summary>
    /// For operations a session the tenant no longer trusts (<c>stepUpRequired</c>) must not do until it steps up:
    /// acting on the user's other sessions and devices, writing data, reading the event stream. 403 <c>step_up_required</c>.
    /// </summary>
    public static async ValueTask<object?> RequireTrustedSession(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var me = context.Arguments.OfType<EndUser>().FirstOrDefault()
            ?? throw new InvalidOperationException("RequireTrustedSession guards endpoints that bind an EndUser.");
        if (me.Session.StepUpRequired)
        {
            return ApiProblem.Result(StatusCodes.Status403Forbidden, ErrorCodes.StepUpRequired,
                "This session must step up (a second factor) before it may do this.");
        }
        return await next(context);
    }

    public string SessionId => Session.SessionId;

    public string UserId => Session.UserId;

    /// <summary>The client of an end user's own request, as this API sees it.</summary>
    public static ClientInfo ClientOf(HttpContext context) => new()
    {
        Ip = context.Connection.RemoteIpAddress?.ToString(),
        // Truncated, not refused: a browser cannot choose its user agent.
        UserAgent = context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua[..Math.Min(ua.Length, RequestRules.MaxTextLength)] : null,
    };

    private static string? BearerToken(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
}
