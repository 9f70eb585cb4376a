using Microsoft.AspNetCore.Http;
using SessionCluster.AspNetCore.Client;
using SessionCluster.Shared;

namespace SessionCluster.AspNetCore.Authentication;

/// <summary>
/// SessionCluster's cookie mode, exactly as the API sets it (the rules are one file compiled into both,
/// <c>src/Shared/CookieMode.cs</c>): the access token in <c>__Host-sc-access</c> (HttpOnly, Secure, SameSite=Lax,
/// Path=/), the refresh token in <c>__Secure-sc-refresh</c> (HttpOnly, Secure, SameSite=Strict, sent only to
/// <c>/v1/me/refresh</c>), the CSRF token in the readable <c>__Host-sc-csrf</c>. Remember-me sessions' cookies last
/// until the session's absolute expiry; others are browser-session cookies.
/// </summary>
public static class SessionClusterCookies
{
    /// <summary>The access-token cookie.</summary>
    public const string Access = CookieMode.Access;
    /// <summary>The refresh-token cookie.</summary>
    public const string Refresh = CookieMode.Refresh;
    /// <summary>The CSRF cookie (readable by the page's script).</summary>
    public const string Csrf = CookieMode.Csrf;
    /// <summary>The header a state-changing call made with the cookie must repeat the CSRF token in.</summary>
    public const string CsrfHeader = CookieMode.CsrfHeader;
    /// <summary>The only path the refresh cookie is sent to.</summary>
    public const string RefreshPath = CookieMode.RefreshPath;

    /// <summary>Sets the three cookies for a freshly issued pair (and <c>Cache-Control: no-store</c>).</summary>
    public static void Write(HttpResponse response, IssuedSession session) =>
        CookieMode.Write(response, session.AccessToken, session.RefreshToken, session.CsrfToken, session.RememberMe ? session.AbsoluteExpiresAt : null);

    /// <summary>Removes the three cookies.</summary>
    public static void Clear(HttpResponse response) => CookieMode.Clear(response);

    /// <summary>
    /// The double-submit check of cookie mode: the <c>X-CSRF-Token</c> header and the <c>__Host-sc-csrf</c> cookie
    /// both equal the token derived from <paramref name="accessToken"/> (so a cookie planted by a sibling subdomain
    /// does not pass). Constant-time.
    /// </summary>
    public static bool CsrfHolds(HttpRequest request, string? accessToken) => CookieMode.CsrfHolds(request, accessToken);

    /// <summary>True for methods that change state (not GET, HEAD, OPTIONS): they need the CSRF check with the cookie.</summary>
    public static bool IsStateChanging(string method) => CookieMode.IsStateChanging(method);

    /// <summary>The CSRF token bound to an access token's secret, as the cluster derives it.</summary>
    internal static string CsrfFor(string accessSecret) => CookieMode.CsrfFor(accessSecret);

    /// <summary>Both tokens name the same tenant and session (a planted refresh cookie of another session does not pair).</summary>
    internal static bool SameSession(string? accessToken, string? refreshToken) => CookieMode.SameSession(accessToken, refreshToken);
}
