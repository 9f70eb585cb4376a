using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using SessionCluster.AspNetCore.Client;

namespace SessionCluster.AspNetCore.Authentication;

/// <summary>
/// SessionCluster's cookie mode, exactly as the API sets it: the access token in <c>__Host-sc-access</c> (HttpOnly,
/// Secure, SameSite=Lax, Path=/), the refresh token in <c>__Secure-sc-refresh</c> (HttpOnly, Secure, SameSite=Strict,
/// sent only to <c>/v1/me/refresh</c>), the CSRF token in the readable <c>__Host-sc-csrf</c>. Remember-me sessions'
/// cookies last until the session's absolute expiry; others are browser-session cookies.
/// </summary>
public static class SessionClusterCookies
{
    /// <summary>The access-token cookie.</summary>
    public const string Access = "__Host-sc-access";
    /// <summary>The refresh-token cookie.</summary>
    public const string Refresh = "__Secure-sc-refresh";
    /// <summary>The CSRF cookie (readable by the page's script).</summary>
    public const string Csrf = "__Host-sc-csrf";
    /// <summary>The header a state-changing call made with the cookie must repeat the CSRF token in.</summary>
    public const string CsrfHeader = "X-CSRF-Token";
    /// <summary>The only path the refresh cookie is sent to.</summary>
    public const string RefreshPath = "/v1/me/refresh";

    /// <summary>Sets the three cookies for a freshly issued pair (and <c>Cache-Control: no-store</c>).</summary>
    public static void Write(HttpResponse response, IssuedSession session)
    {
        DateTimeOffset? expires = session.RememberMe ? session.AbsoluteExpiresAt : null;
        response.Cookies.Append(Access, session.AccessToken, Options(httpOnly: true, "/", expires));
        response.Cookies.Append(Refresh, session.RefreshToken, Options(httpOnly: true, RefreshPath, expires, SameSiteMode.Strict));
        response.Cookies.Append(Csrf, session.CsrfToken, Options(httpOnly: false, "/", expires));
        response.Headers.CacheControl = "no-store";
    }

    /// <summary>Removes the three cookies.</summary>
    public static void Clear(HttpResponse response)
    {
        response.Cookies.Delete(Access, Options(httpOnly: true, "/", null));
        response.Cookies.Delete(Refresh, Options(httpOnly: true, RefreshPath, null, SameSiteMode.Strict));
        response.Cookies.Delete(Csrf, Options(httpOnly: false, "/", null));
    }

    /// <summary>
    /// The double-submit check of cookie mode: the <c>X-CSRF-Token</c> header and the <c>__Host-sc-csrf</c> cookie
    /// both equal the token derived from <paramref name="accessToken"/> (so a cookie planted by a sibling subdomain
    /// does not pass). Constant-time.
    /// </summary>
    public static bool CsrfHolds(HttpRequest request, string? accessToken)
    {
        var header = request.Headers[CsrfHeader].ToString();
        var cookie = request.Cookies[Csrf];
        if (string.IsNullOrEmpty(header) || string.IsNullOrEmpty(cookie) || !SessionToken.TryParse(accessToken, out _, out _, out var secret))
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(CsrfFor(secret));
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), expected)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(cookie), expected);
    }

    /// <summary>The CSRF token bound to an access token's secret: base64url(HMAC-SHA256(secret, "csrf")), as the cluster derives it.</summary>
    internal static string CsrfFor(string accessSecret) =>
        System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.ASCII.GetBytes(accessSecret), "csrf"u8));

    /// <summary>True for methods that change state (not GET, HEAD, OPTIONS): they need the CSRF check with the cookie.</summary>
    public static bool IsStateChanging(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    /// <summary>Both tokens name the same tenant and session (a planted refresh cookie of another session does not pair).</summary>
    internal static bool SameSession(string? accessToken, string? refreshToken) =>
        SessionToken.TryParse(accessToken, out var accessTenant, out var accessSession, out _)
        && SessionToken.TryParse(refreshToken, out var refreshTenant, out var refreshSession, out _)
        && string.Equals(accessTenant, refreshTenant, StringComparison.Ordinal)
        && string.Equals(accessSession, refreshSession, StringComparison.Ordinal);

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
