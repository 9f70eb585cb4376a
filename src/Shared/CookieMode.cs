using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SessionCluster.Shared;

/// <summary>
/// Cookie mode's rules, compiled into both the API (src/Api) and the app package (src/AspNetCore) from this one file,
/// so an app's sign-in sets exactly the cookies the API's cookie mode sets and checks CSRF exactly as it does (the
/// package must not reference the API). The access token rides in <c>__Host-sc-access</c> (HttpOnly, Secure,
/// SameSite=Lax, Path=/, no Domain); the refresh token in <c>__Secure-sc-refresh</c> (SameSite=Strict, sent only to
/// <c>/v1/me/refresh</c>); the CSRF token in the readable <c>__Host-sc-csrf</c>, repeated by state-changing calls in
/// <c>X-CSRF-Token</c> (double submit) and bound to the access token, so a cookie planted by a sibling subdomain does
/// not pass.
/// </summary>
internal static class CookieMode
{
    public const string Access = "__Host-sc-access";
    public const string Refresh = "__Secure-sc-refresh";
    public const string Csrf = "__Host-sc-csrf";
    public const string CsrfHeader = "X-CSRF-Token";
    public const string RefreshPath = "/v1/me/refresh";

    /// <summary>
    /// Sets the three cookies for a freshly issued pair. A remember-me session's cookies last until its absolute expiry
    /// (<paramref name="expires"/>); any other session's are browser-session cookies (null), gone when the browser
    /// closes, as the OWASP Session Management Cheat Sheet advises.
    /// </summary>
    public static void Write(HttpResponse response, string accessToken, string refreshToken, string csrfToken, DateTimeOffset? expires)
    {
        response.Cookies.Append(Access, accessToken, Options(httpOnly: true, "/", expires));
        response.Cookies.Append(Refresh, refreshToken, Options(httpOnly: true, RefreshPath, expires, SameSiteMode.Strict));
        response.Cookies.Append(Csrf, csrfToken, Options(httpOnly: false, "/", expires));
        // Responses that set credentials must never be cached by anything in between.
        response.Headers.CacheControl = "no-store";
    }

    /// <summary>Removes the three cookies (logout, or a session that is gone).</summary>
    public static void Clear(HttpResponse response)
    {
        response.Cookies.Delete(Access, Options(httpOnly: true, "/", null));
        response.Cookies.Delete(Refresh, Options(httpOnly: true, RefreshPath, null, SameSiteMode.Strict));
        response.Cookies.Delete(Csrf, Options(httpOnly: false, "/", null));
    }

    /// <summary>
    /// The double-submit check: header and cookie present and both equal to the token bound to
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
        var expected = Encoding.ASCII.GetBytes(CsrfFor(secret));
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), expected)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(cookie), expected);
    }

    /// <summary>The CSRF token bound to an access token's secret: base64url(HMAC-SHA256(secret, "csrf")), as the cluster issues it.</summary>
    public static string CsrfFor(string accessSecret) =>
        System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.ASCII.GetBytes(accessSecret), "csrf"u8));

    /// <summary>Both tokens name the same tenant and session (a planted refresh cookie of another session does not pair).</summary>
    public static bool SameSession(string? accessToken, string? refreshToken) =>
        SessionToken.TryParse(accessToken, out var accessTenant, out var accessSession, out _)
        && SessionToken.TryParse(refreshToken, out var refreshTenant, out var refreshSession, out _)
        && string.Equals(accessTenant, refreshTenant, StringComparison.Ordinal)
        && string.Equals(accessSession, refreshSession, StringComparison.Ordinal);

    /// <summary>True for methods that change state (not GET, HEAD, OPTIONS): with the cookie they need the CSRF check.</summary>
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
