using System.Security.Cryptography;
using System.Text;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Api.Http;

/// <summary>
/// Cookie mode for first-party web apps (the browser talks to /v1/me on the app's own origin, e.g. through its
/// reverse proxy). The access token rides in a <c>__Host-</c> cookie (Secure, HttpOnly, SameSite=Lax, Path=/, no
/// Domain); the refresh token in a <c>__Secure-</c> cookie sent only to <c>/v1/me/refresh</c>. Script never sees
/// either. State-changing calls made with the cookie must carry the CSRF token twice (double submit): in the
/// readable <c>__Host-sc-csrf</c> cookie and in the <c>X-CSRF-Token</c> header; the server also checks it is the
/// one derived from the access token in the cookie, so a cookie planted by a sibling subdomain does not pass.
/// </summary>
public static class SessionCookies
{
    public const string Access = "__Host-sc-access";
    public const string Refresh = "__Secure-sc-refresh";
    public const string Csrf = "__Host-sc-csrf";
    public const string CsrfHeader = "X-CSRF-Token";
    public const string RefreshPath = "/v1/me/refresh";

    /// <summary>
    /// Sets the three cookies for a freshly issued pair. A remember-me session's cookies last as long as it can; any
    /// other session's are browser-session cookies (no <c>Expires</c>), gone when the browser closes, as the OWASP
    /// Session Management Cheat Sheet advises.
    /// </summary>
    public static void Write(HttpResponse response, SessionView session, SessionTokens tokens)
    {
        DateTimeOffset? expires = session.RememberMe ? session.AbsoluteExpiresAt : null;
        response.Cookies.Append(Access, tokens.AccessToken, Options(httpOnly: true, "/", expires));
        response.Cookies.Append(Refresh, tokens.RefreshToken, Options(httpOnly: true, RefreshPath, expires, SameSiteMode.Strict));
        response.Cookies.Append(Csrf, tokens.CsrfToken, Options(httpOnly: false, "/", expires));
        // Responses that set credentials must never be cached by anything in between.
        response.Headers.CacheControl = "no-store";
    }

    /// <summary>Removes the cookies (logout, or a session that is gone).</summary>
    public static void Clear(HttpResponse response)
    {
        response.Cookies.Delete(Access, Options(httpOnly: true, "/", null));
        response.Cookies.Delete(Refresh, Options(httpOnly: true, RefreshPath, null, SameSiteMode.Strict));
        response.Cookies.Delete(Csrf, Options(httpOnly: false, "/", null));
    }

    /// <summary>
    /// The double-submit check: header and cookie present and equal, and equal to the token bound to
    /// <paramref name="accessToken"/>. Compared in constant time.
    /// </summary>
    public static bool CsrfHolds(HttpRequest request, string? accessToken)
    {
        var header = request.Headers[CsrfHeader].ToString();
        var cookie = request.Cookies[Csrf];
        if (string.IsNullOrEmpty(header) || string.IsNullOrEmpty(cookie) || !SessionToken.TryParse(accessToken, out _, out _, out var secret))
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(TokenCrypto.CsrfFor(secret));
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), expected)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(cookie), expected);
    }

    /// <summary>Both tokens name the same tenant and session.</summary>
    public static bool SameSession(string? accessToken, string? refreshToken) =>
        SessionToken.TryParse(accessToken, out var accessTenant, out var accessSession, out _)
        && SessionToken.TryParse(refreshToken, out var refreshTenant, out var refreshSession, out _)
        && string.Equals(accessTenant, refreshTenant, StringComparison.Ordinal)
        && string.Equals(accessSession, refreshSession, StringComparison.Ordinal);

    public static ApiProblemException CsrfProblem() =>
        new(StatusCodes.Status403Forbidden, ErrorCodes.CsrfInvalid,
            $"A call made with the session cookie must send the CSRF token in the {CsrfHeader} header and the {Csrf} cookie.");

    public static bool IsStateChanging(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    private static CookieOptions Options(bool httpOnly, string path, DateTimeOffset? expires, SameSiteMode sameSite = SameSiteMode.Lax) => new()
    {
        Secure = true,
        HttpOnly = httpOnly,
        SameSite = sameSite,
        Path = path,
        Expires = expires,
        IsEssential = true,
    };
}
