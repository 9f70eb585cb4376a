using System.Net.Http.Json;
using System.Text.Json;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

/// <summary>Cookie mode: the session in a __Host- cookie, CSRF double-submit on state-changing /v1/me calls.</summary>
[Collection(ApiCollection.Name)]
public sealed class CookieModeTests(ApiFactory api)
{
    private sealed record Jar(Dictionary<string, string> Cookies, string Csrf)
    {
        public string Header => string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}"));
    }

    private static Dictionary<string, string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.ToDictionary(v => v[..v.IndexOf('=', StringComparison.Ordinal)], v => v, StringComparer.Ordinal)
            : [];

    private static string ValueOf(string setCookie) => setCookie[(setCookie.IndexOf('=', StringComparison.Ordinal) + 1)..setCookie.IndexOf(';', StringComparison.Ordinal)];

    /// <summary>The app hands the page its new session; the page trades the refresh token for cookies.</summary>
    private async Task<(JsonElement Session, Jar Jar)> EnterCookieModeAsync()
    {
        var session = await api.ServiceClient().CreateSessionAsync();
        var response = await api.CreateClient().PostAsJsonAsync("/v1/me/cookie", new { refreshToken = session.Str("refreshToken") });
        var body = await response.AssertOkAsync();
        var set = SetCookies(response);
        var jar = new Jar(set.ToDictionary(c => c.Key, c => ValueOf(c.Value), StringComparer.Ordinal), body.Str("csrfToken"));
        return (session, jar);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Jar jar, string? csrfHeader = null, bool withCsrfCookie = true)
    {
        var request = new HttpRequestMessage(method, path);
        var cookies = withCsrfCookie ? jar.Cookies : jar.Cookies.Where(c => c.Key != "__Host-sc-csrf").ToDictionary();
        request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        if (csrfHeader is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrfHeader);
        }
        return await api.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task TheSessionCookiesCarryTheSecureAttributesAndTheTokensScriptSawStopWorking()
    {
        var session = await api.ServiceClient().CreateSessionAsync();
        var response = await api.CreateClient().PostAsJsonAsync("/v1/me/cookie", new { refreshToken = session.Str("refreshToken") });
        var body = await response.AssertOkAsync();
        var cookies = SetCookies(response);

        var access = cookies["__Host-sc-access"].ToLowerInvariant();
        Assert.Contains("; secure", access, StringComparison.Ordinal);
        Assert.Contains("; httponly", access, StringComparison.Ordinal);
        Assert.Contains("; samesite=lax", access, StringComparison.Ordinal);
        Assert.Contains("; path=/;", access + ";", StringComparison.Ordinal);
        Assert.DoesNotContain("domain=", access, StringComparison.Ordinal);
        var refresh = cookies["__Secure-sc-refresh"].ToLowerInvariant();
        Assert.Contains("; path=/v1/me/refresh", refresh, StringComparison.Ordinal);
        Assert.Contains("; httponly", refresh, StringComparison.Ordinal);
        Assert.Contains("; secure", refresh, StringComparison.Ordinal);
        Assert.Contains("; samesite=strict", refresh, StringComparison.Ordinal);
        var csrf = cookies["__Host-sc-csrf"].ToLowerInvariant();
        Assert.DoesNotContain("httponly", csrf, StringComparison.Ordinal); // the page's script reads it to send it back
        Assert.Contains("; secure", csrf, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        // No token in the body: only the CSRF token is for script.
        Assert.False(body.TryGetProperty("accessToken", out _));
        Assert.False(body.TryGetProperty("refreshToken", out _));
        Assert.Equal(ValueOf(cookies["__Host-sc-csrf"]), body.Str("csrfToken"));
        // The pair the page's script held is rotated away.
        await (await api.ServiceClient().ValidateAsync(session.Str("accessToken"))).AssertProblemAsync(401, "token_invalid");
    }

    [Fact]
    public async Task OnlyRememberMeSessionsGetCookiesThatOutliveTheBrowser()
    {
        var plain = await api.ServiceClient().CreateSessionAsync();
        var remembered = await api.ServiceClient().CreateSessionAsync(extra: new { rememberMe = true });

        var plainCookies = SetCookies(await api.CreateClient().PostAsJsonAsync("/v1/me/cookie", new { refreshToken = plain.Str("refreshToken") }));
        var rememberedCookies = SetCookies(await api.CreateClient().PostAsJsonAsync("/v1/me/cookie", new { refreshToken = remembered.Str("refreshToken") }));

        Assert.All(plainCookies.Values, c => Assert.DoesNotContain("expires=", c.ToLowerInvariant(), StringComparison.Ordinal));
        Assert.All(rememberedCookies.Values, c => Assert.Contains("expires=", c.ToLowerInvariant(), StringComparison.Ordinal));
        Assert.True(remembered.GetProperty("rememberMe").GetBoolean());
    }

    [Fact]
    public async Task ARefreshCookieOfAnotherSessionIsRefused()
    {
        var (_, victim) = await EnterCookieModeAsync();
        var (_, attacker) = await EnterCookieModeAsync();
        // A sibling subdomain plants its own session's refresh cookie next to the victim's access cookie.
        var planted = victim with { Cookies = new Dictionary<string, string>(victim.Cookies) { ["__Secure-sc-refresh"] = attacker.Cookies["__Secure-sc-refresh"] } };

        await (await SendAsync(HttpMethod.Post, "/v1/me/refresh", planted, planted.Csrf)).AssertProblemAsync(401, "token_invalid");
        await (await SendAsync(HttpMethod.Post, "/v1/me/refresh", victim, victim.Csrf)).AssertOkAsync();
    }

    [Fact]
    public async Task ReadsNeedOnlyTheCookie()
    {
        var (session, jar) = await EnterCookieModeAsync();

        var me = await (await SendAsync(HttpMethod.Get, "/v1/me", jar)).AssertOkAsync();

        Assert.Equal(session.Str("sessionId"), me.Str("sessionId"));
    }

    [Fact]
    public async Task StateChangingCallsWithTheCookieNeedTheCsrfTokenInHeaderAndCookie()
    {
        var (_, jar) = await EnterCookieModeAsync();

        await (await SendAsync(HttpMethod.Post, "/v1/me/extend", jar)).AssertProblemAsync(403, "csrf_invalid");
        await (await SendAsync(HttpMethod.Post, "/v1/me/extend", jar, csrfHeader: "forged")).AssertProblemAsync(403, "csrf_invalid");
        await (await SendAsync(HttpMethod.Post, "/v1/me/extend", jar, csrfHeader: jar.Csrf, withCsrfCookie: false)).AssertProblemAsync(403, "csrf_invalid");
        await (await SendAsync(HttpMethod.Put, "/v1/me/data", jar)).AssertProblemAsync(403, "csrf_invalid");
        await (await SendAsync(HttpMethod.Post, "/v1/me/logout", jar)).AssertProblemAsync(403, "csrf_invalid");
        // The forged calls changed nothing: the session is active and the right token passes.
        await (await SendAsync(HttpMethod.Post, "/v1/me/extend", jar, csrfHeader: jar.Csrf)).AssertOkAsync();
    }

    [Fact]
    public async Task RefreshRotatesTheCookiesAndTheCsrfToken()
    {
        var (_, jar) = await EnterCookieModeAsync();
        await (await SendAsync(HttpMethod.Post, "/v1/me/refresh", jar)).AssertProblemAsync(403, "csrf_invalid");

        var response = await SendAsync(HttpMethod.Post, "/v1/me/refresh", jar, csrfHeader: jar.Csrf);
        var body = await response.AssertOkAsync();

        var set = SetCookies(response);
        var next = new Jar(set.ToDictionary(c => c.Key, c => ValueOf(c.Value), StringComparer.Ordinal), body.Str("csrfToken"));
        Assert.NotEqual(jar.Cookies["__Host-sc-access"], next.Cookies["__Host-sc-access"]);
        Assert.NotEqual(jar.Csrf, next.Csrf);
        await (await SendAsync(HttpMethod.Get, "/v1/me", jar)).AssertProblemAsync(401, "token_invalid");
        await (await SendAsync(HttpMethod.Post, "/v1/me/extend", next, csrfHeader: next.Csrf)).AssertOkAsync();
        // The old CSRF token does not pass with the new cookies.
        await (await SendAsync(HttpMethod.Post, "/v1/me/extend", next with { Cookies = new(next.Cookies) { ["__Host-sc-csrf"] = jar.Csrf } }, csrfHeader: jar.Csrf))
            .AssertProblemAsync(403, "csrf_invalid");
    }

    [Fact]
    public async Task LogoutWithTheCookieEndsTheSessionAndClearsTheCookies()
    {
        var (session, jar) = await EnterCookieModeAsync();

        var response = await SendAsync(HttpMethod.Post, "/v1/me/logout", jar, csrfHeader: jar.Csrf);

        await response.AssertOkAsync(204);
        var cleared = SetCookies(response);
        Assert.All(new[] { "__Host-sc-access", "__Secure-sc-refresh", "__Host-sc-csrf" }, name =>
            Assert.Contains("expires=thu, 01 jan 1970", cleared[name].ToLowerInvariant(), StringComparison.Ordinal));
        var status = await (await api.ServiceClient().GetAsync($"/v1/sessions/{session.Str("sessionId")}")).AssertOkAsync();
        Assert.Equal("revoked", status.Str("status"));
        Assert.Equal("logout", status.Str("endReason"));
    }

    [Fact]
    public async Task ABadRefreshTokenGetsNoCookies()
    {
        var response = await api.CreateClient().PostAsJsonAsync("/v1/me/cookie", new { refreshToken = "acme.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
        await response.AssertProblemAsync(401, "token_invalid");
        Assert.Empty(SetCookies(response));
        await (await api.CreateClient().PostAsJsonAsync("/v1/me/cookie", new { })).AssertProblemAsync(400, "validation_failed");
        await (await api.CreateClient().PostAsync("/v1/me/refresh", null)).AssertProblemAsync(401, "token_invalid");
    }
}
