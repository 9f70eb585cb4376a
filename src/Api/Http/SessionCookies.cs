using SessionCluster.Grains.Domain;
using SessionCluster.Shared;

namespace SessionCluster.Api.Http;

/// <summary>
/// Cookie mode for first-party web apps (the browser talks to /v1/me on the app's own origin, e.g. through its
/// reverse proxy): the rules in <see cref="CookieMode"/> (one file shared with SessionCluster.AspNetCore, whose
/// sign-in sets the same cookies), with the API's pair types and problem.
/// </summary>
public static class SessionCookies
{
    public const string Access = CookieMode.Access;
    public const string Refresh = CookieMode.Refresh;
    public const string Csrf = CookieMode.Csrf;
    public const string CsrfHeader = CookieMode.CsrfHeader;
    public const string RefreshPath = CookieMode.RefreshPath;

    /// <summary>Sets the three cookies for a freshly issued pair (remember-me: until the absolute expiry; else browser-session cookies).</summary>
    public static void Write(HttpResponse response, SessionView session, SessionTokens tokens) =>
        CookieMode.Write(response, tokens.AccessToken, tokens.RefreshToken, tokens.CsrfToken, session.RememberMe ? session.AbsoluteExpiresAt : null);

    /// <summary>Removes the cookies (logout, or a session that is gone).</summary>
    public static void Clear(HttpResponse response) => CookieMode.Clear(response);

    /// <summary>The double-submit check, bound to <paramref name="accessToken"/>, in constant time.</summary>
    public static bool CsrfHolds(HttpRequest request, string? accessToken) => CookieMode.CsrfHolds(request, accessToken);

    /// <summary>Both tokens name the same tenant and session.</summary>
    public static bool SameSession(string? accessToken, string? refreshToken) => CookieMode.SameSession(accessToken, refreshToken);

    public static ApiProblemException CsrfProblem() =>
        new(StatusCodes.Status403Forbidden, ErrorCodes.CsrfInvalid,
            $"A call made with the session cookie must send the CSRF token in the {CsrfHeader} header and the {Csrf} cookie.");

    public static bool IsStateChanging(string method) => CookieMode.IsStateChanging(method);
}
