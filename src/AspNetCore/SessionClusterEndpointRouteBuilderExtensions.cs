using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SessionCluster.AspNetCore.Authentication;
using SessionCluster.AspNetCore.Caching;
using SessionCluster.AspNetCore.Client;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Endpoints an app maps when browsers talk to it, not to the API, in cookie mode.</summary>
public static class SessionClusterEndpointRouteBuilderExtensions
{
    /// <summary>
    /// <c>POST /v1/me/refresh</c> on the app, as cookie mode's refresh on the API: the refresh cookie (sent only to this
    /// path), the CSRF check and the access cookie of the same session; the pair is rotated and the cookies set again.
    /// Map it when the app does not route <c>/v1/me/*</c> to the API (the browser SDK refreshes through it).
    /// </summary>
    public static RouteHandlerBuilder MapSessionClusterCookieRefresh(this IEndpointRouteBuilder routes) =>
        routes.MapPost(SessionClusterCookies.RefreshPath, RefreshAsync)
            .WithName("SessionClusterCookieRefresh")
            .WithTags("SessionCluster")
            .WithSummary("Cookie mode's refresh, on the app")
            .WithDescription("Rotates the session's pair with the refresh cookie (CSRF-checked) and sets the cookies again.")
            .Produces<CookieRefreshAnswer>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous();

    private static async Task<Results<Ok<CookieRefreshAnswer>, ProblemHttpResult>> RefreshAsync(HttpContext context, ISessionClusterClient client, ValidationCache cache)
    {
        var refreshToken = context.Request.Cookies[SessionClusterCookies.Refresh];
        var accessToken = context.Request.Cookies[SessionClusterCookies.Access];
        if (string.IsNullOrEmpty(refreshToken))
        {
            return Problem(401, "token_invalid", "A valid session credential is required.");
        }
        if (!SessionClusterCookies.CsrfHolds(context.Request, accessToken))
        {
            return Problem(403, "csrf_invalid", $"A call made with the session cookie must send the CSRF token in the {SessionClusterCookies.CsrfHeader} header and the {SessionClusterCookies.Csrf} cookie.");
        }
        if (!SessionClusterCookies.SameSession(accessToken, refreshToken))
        {
            return Problem(401, "token_invalid", "A valid session credential is required.");
        }
        try
        {
            var issued = await client.RefreshAsync(refreshToken, SessionClusterAuthenticationHandler.ClientOf(context), context.RequestAborted);
            cache.EvictSession(issued.SessionId);
            SessionClusterCookies.Write(context.Response, issued);
            return TypedResults.Ok(new CookieRefreshAnswer(issued));
        }
        catch (SessionClusterUnavailableException ex)
        {
            return Problem(503, "cluster_unavailable", ex.Message);
        }
        catch (SessionClusterException ex)
        {
            if (ex.Code is "session_expired" or "session_revoked" or "refresh_token_reused")
            {
                SessionClusterCookies.Clear(context.Response);
            }
            return Problem(ex.Status, ex.Code, ex.Message);
        }
    }

    private static ProblemHttpResult Problem(int status, string code, string title) =>
        TypedResults.Problem(title: title, statusCode: status, type: $"urn:sessioncluster:problem:{code}", extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>Cookie mode's refresh answer: the view and the CSRF token for the new pair (the tokens went into cookies).</summary>
    public sealed record CookieRefreshAnswer
    {
        internal CookieRefreshAnswer(IssuedSession issued)
        {
            Session = issued;
            CsrfToken = issued.CsrfToken;
        }

        /// <summary>The session view (no tokens).</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public SessionInfo Session { get; }

        /// <summary>The session id.</summary>
        public string SessionId => Session.SessionId;
        /// <summary>The user id.</summary>
        public string UserId => Session.UserId;
        /// <summary>The AAL.</summary>
        public int Aal => Session.Aal;
        /// <summary>Idle expiry.</summary>
        public DateTimeOffset IdleExpiresAt => Session.IdleExpiresAt;
        /// <summary>Absolute expiry.</summary>
        public DateTimeOffset AbsoluteExpiresAt => Session.AbsoluteExpiresAt;
        /// <summary>Access token expiry.</summary>
        public DateTimeOffset AccessTokenExpiresAt => Session.AccessTokenExpiresAt;
        /// <summary>Inside the warning window.</summary>
        public bool ExpiresSoon => Session.ExpiresSoon;
        /// <summary>The CSRF token for the new pair.</summary>
        public string CsrfToken { get; }
    }
}
