using Microsoft.AspNetCore.Http.HttpResults;
using SessionCluster.Api.Contracts;
using SessionCluster.Api.Http;
using SessionCluster.Api.OpenApi;

namespace SessionCluster.Api;

/// <summary>
/// Cookie mode (see <see cref="SessionCookies"/>): <c>POST /v1/me/cookie</c> trades the refresh token the app handed
/// the page for HttpOnly cookies; <c>POST /v1/me/refresh</c> is cookie mode's refresh.
/// </summary>
public static class CookieModeApi
{
    public static RouteGroupBuilder MapCookieModeApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/me").WithTags("Me");
        group.MapPost("/cookie", StartCookieModeAsync).WithName("StartCookieMode").RequireRateLimiting(RateLimits.EndUserRefresh)
            .WithSummary("Enter cookie mode")
            .WithDescription("Trades the refresh token the app handed the page for HttpOnly cookies (access, refresh, CSRF); the page's tokens stop working at once. " +
                "The answer carries the session view and the CSRF token, never a token.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, ErrorCodes.TokenInvalid, ErrorCodes.SessionExpired, ErrorCodes.SessionRevoked, ErrorCodes.RefreshTokenReused);
        group.MapPost("/refresh", RefreshCookiesAsync).WithName("RefreshCookies").RequireRateLimiting(RateLimits.EndUserRefresh)
            .WithSecurity(ApiSecurity.RefreshCookie)
            .WithSummary("Refresh in cookie mode")
            .WithDescription("Rotates the cookie pair with the refresh cookie (sent only to this path); the CSRF token must match the access cookie's session.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, ErrorCodes.SessionExpired, ErrorCodes.SessionRevoked, ErrorCodes.RefreshTokenReused);
        return group;
    }

    /// <summary>
    /// Enters cookie mode: the refresh token the app handed to the page is rotated, and the new pair goes only into
    /// HttpOnly cookies, so the tokens script has seen stop working at once.
    /// </summary>
    public static async Task<Results<Ok<CookieSessionDto>, ProblemHttpResult>> StartCookieModeAsync(
        CookieRequest request, IGrainFactory grains, HttpContext context)
    {
        var refreshToken = RequestRules.Required("refreshToken", request.RefreshToken);
        return await RotateIntoCookiesAsync(refreshToken, grains, context);
    }

    /// <summary>Cookie mode's refresh: the refresh cookie (sent only to this path) and the CSRF token for the new pair.</summary>
    public static async Task<Results<Ok<CookieSessionDto>, ProblemHttpResult>> RefreshCookiesAsync(IGrainFactory grains, HttpContext context)
    {
        var refreshToken = context.Request.Cookies[SessionCookies.Refresh];
        if (string.IsNullOrEmpty(refreshToken))
        {
            return ApiProblem.For(SessionError.TokenInvalid);
        }
        var accessToken = context.Request.Cookies[SessionCookies.Access];
        if (!SessionCookies.CsrfHolds(context.Request, accessToken))
        {
            throw SessionCookies.CsrfProblem();
        }
        // The refresh cookie must belong to the session of the access cookie: a sibling subdomain can plant a refresh
        // cookie (its own session's) to sign the victim in as the attacker, but cannot plant a matching pair.
        if (!SessionCookies.SameSession(accessToken, refreshToken))
        {
            return ApiProblem.For(SessionError.TokenInvalid);
        }
        return await RotateIntoCookiesAsync(refreshToken, grains, context);
    }

    private static async Task<Results<Ok<CookieSessionDto>, ProblemHttpResult>> RotateIntoCookiesAsync(string refreshToken, IGrainFactory grains, HttpContext context)
    {
        if (!SessionClusterClient.TryGetTenant(refreshToken, out var tenantId))
        {
            return ApiProblem.For(SessionError.TokenInvalid);
        }
        var result = await ClusterRetry.RunAsync(() => grains.RefreshAsync(tenantId, refreshToken, EndUser.ClientOf(context)));
        if (!result.Succeeded)
        {
            if (result.Error is SessionError.SessionExpired or SessionError.SessionRevoked or SessionError.RefreshTokenReused)
            {
                SessionCookies.Clear(context.Response);
            }
            return ApiProblem.For(result.Error);
        }
        SessionCookies.Write(context.Response, result.Session!, result.Tokens!);
        return TypedResults.Ok(new CookieSessionDto(result.Session!, result.Tokens!));
    }
}
