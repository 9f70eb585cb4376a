using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SessionCluster.Tests.Api;

namespace SessionCluster.Tests.Proxies;

/// <summary>
/// The recipes of deploy/proxies, run by Debian's nginx and Caddy in front of an app that echoes what it received:
/// what a user of each proxy relies on, end to end through the real proxy and the real API process.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class ProxyRecipeTests(ProxyFixture fixture)
{
    private static string NewPath(string prefix = "/app/") => prefix + Guid.NewGuid().ToString("N")[..12];

    private static HttpRequestMessage Get(string path, string? bearer = null, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return request;
    }

    private async Task<EchoedRequest> ReachedAppAsync(HttpResponseMessage response, string path)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected the app's 200 for {path}, got {(int)response.StatusCode}: {body}");
        var seen = fixture.ReceivedFor(path);
        Assert.NotNull(seen);
        return seen;
    }

    [Theory]
    [MemberData(nameof(ProxyFixture.Proxies), MemberType = typeof(ProxyFixture))]
    public async Task WithoutACredentialTheProxyAnswers401AndTheAppSeesNothing(string proxy)
    {
        fixture.Require(proxy);
        var path = NewPath();

        var response = await fixture.Browser(proxy).SendAsync(Get(path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Null(fixture.ReceivedFor(path));
    }

    [Theory]
    [MemberData(nameof(ProxyFixture.Proxies), MemberType = typeof(ProxyFixture))]
    public async Task ABrowserWithoutASessionIsSentToTheLoginPageWithTheWayBack(string proxy)
    {
        fixture.Require(proxy);
        var path = NewPath();
        var request = Get(path + "?tab=orders&page=2");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");

        var response = await fixture.Browser(proxy).SendAsync(request);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        var absolute = location.IsAbsoluteUri ? location : new Uri(fixture.ProxyAddress[proxy], location);
        Assert.Equal(fixture.ProxyAddress[proxy].Authority, absolute.Authority);
        Assert.Equal(ProxyFixture.LoginPath, absolute.AbsolutePath);
        Assert.Equal("?rd=" + Uri.EscapeDataString(path + "?tab=orders&page=2"), absolute.Query);
        Assert.Null(fixture.ReceivedFor(path));
        // The login page itself is reachable without a session.
        var login = await fixture.Browser(proxy).SendAsync(Get(ProxyFixture.LoginPath));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ProxyFixture.Proxies), MemberType = typeof(ProxyFixture))]
    public async Task AValidBearerTokenReachesTheAppAsItsUser(string proxy)
    {
        fixture.Require(proxy);
        var session = await fixture.CreateSessionAsync();
        var path = NewPath();

        var seen = await ReachedAppAsync(await fixture.Browser(proxy).SendAsync(Get(path + "?q=1", bearer: session.Str("accessToken"))), path);

        Assert.Equal(path + "?q=1", seen.Path);
        Assert.Equal(session.Str("userId"), seen.Header("X-Auth-Request-User"));
        Assert.Equal(session.Str("sessionId"), seen.Header("X-Auth-Request-Session"));
        Assert.Equal(session.Str("deviceId"), seen.Header("X-Auth-Request-Device"));
        Assert.Equal("1", seen.Header("X-Auth-Request-Aal"));
        Assert.Equal("false", seen.Header("X-Auth-Request-Expires-Soon"));
    }

    [Theory]
    [MemberData(nameof(ProxyFixture.Proxies), MemberType = typeof(ProxyFixture))]
    public async Task AValidSessionCookieReachesTheAppAsItsUser(string proxy)
    {
        fixture.Require(proxy);
        var session = await fixture.CreateSessionAsync();
        var path = NewPath();

        var seen = await ReachedAppAsync(
            await fixture.Browser(proxy).SendAsync(Get(path, cookie: $"theme=dark; __Host-sc-access={session.Str("accessToken")}")), path);

        Assert.Equal(session.Str("userId"), seen.Header("X-Auth-Request-User"));
        Assert.Equal(session.Str("sessionId"), seen.Header("X-Auth-Request-Session"));
    }

    [Theory]
    [MemberData(nameof(ProxyFixture.Proxies), MemberType = typeof(ProxyFixture))]
    public async Task ACookiePostReachesTheAppOnlyWithTheCsrfToken(string proxy)
    {
        fixture.Require(proxy);
        var session = await fixture.CreateSessionAsync();
        var cookie = $"__Host-sc-access={session.Str("accessToken")}; __Host-sc-csrf={session.Str("csrfToken")}";
        var refused = NewPath();

        // Without the header, and with the client claiming the original method was a GET: refused at the proxy.
        var forged = new HttpRequestMessage(HttpMethod.Post, refused) { Content = JsonContent.Create(new { amount = 100 }) };
        forged.Headers.Add("Cookie", cookie);
        forged.Headers.Add("X-Forwarded-Method", "GET");
        forged.Headers.Add("X-Original-Method", "GET");
        var response = await fixture.Browser(proxy).SendAsync(forged);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(fixture.ReceivedFor(refused));

        var allowed = NewPath();
        var post = new HttpRequestMessage(HttpMethod.Post, allowed) { Content = JsonContent.Create(new { amount = 100 }) };
        post.Headers.Add("Cookie", cookie);
        post.Headers.Add("X-CSRF-Token", session.Str("csrfToken"));
        var seen = await ReachedAppAsync(await fixture.Browser(proxy).SendAsync(post), allowed);
        Assert.Equal("POST", seen.Method);
        Assert.Equal("{\"amount\":100}", seen.Body);
        Assert.Equal(session.Str("userId"), seen.Header("X-Auth-Request-User"));
    }

    [Theory]
    [MemberData(nameof(ProxyFixture.Proxies), MemberType = typeof(ProxyFixture))]
    public async Task ARevokedSessionIsRefusedOnTheVeryNextRequest(string proxy)
    {
        fixture.Require(proxy);
        var session = await fixture.CreateSessionAsync();
        var browser = fixture.Browser(proxy);
        var before = NewPath();
        await ReachedAppAsync(await browser.SendAsync(Get(before, bearer: session.Str("accessToken"))), before);

        (await fixture.Service().DeleteAsync($"/v1/sessions/{session.Str("sessionId")}")).EnsureSuccessStatusCode();

        var after = NewPath();
        var response = await browser.SendAsync(Get(after, bearer: session.Str("accessToken")));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(fixture.ReceivedFor(after));
    }

    [Theory]
    [MemberData(nameof(ProxyFixture.Proxies), MemberType = typeof(ProxyFixture))]
    public async Task IdentityHeadersFromTheClientNeverReachTheApp(string proxy)
    {
        fixture.Require(proxy);
        var session = await fixture.CreateSessionAsync();
        var browser = fixture.Browser(proxy);
        static HttpRequestMessage Forge(HttpRequestMessage request)
        {
            request.Headers.Add("X-Auth-Request-User", "mallory");
            request.Headers.Add("X-Auth-Request-Session", "forged");
            request.Headers.Add("X-Auth-Request-Device", "forged");
            request.Headers.Add("X-Auth-Request-Aal", "2");
            request.Headers.Add("X-Auth-Request-Expires-Soon", "forged");
            request.Headers.Add("X-Auth-Request-Email", "mallory@example.com");
            request.Headers.Add("X-Auth-Request-Groups", "admins");
            return request;
        }

        // Signed in: the app sees the session's values, never the client's.
        var path = NewPath();
        var seen = await ReachedAppAsync(await browser.SendAsync(Forge(Get(path, bearer: session.Str("accessToken")))), path);
        Assert.Equal(session.Str("userId"), seen.Header("X-Auth-Request-User"));
        Assert.Equal(session.Str("sessionId"), seen.Header("X-Auth-Request-Session"));
        Assert.Equal(session.Str("deviceId"), seen.Header("X-Auth-Request-Device"));
        Assert.Equal("1", seen.Header("X-Auth-Request-Aal"));
        Assert.Equal("false", seen.Header("X-Auth-Request-Expires-Soon"));
        Assert.Null(seen.Header("X-Auth-Request-Email"));
        Assert.Null(seen.Header("X-Auth-Request-Groups"));

        // Not signed in: a forged identity gets nowhere.
        var anonymous = NewPath();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(Forge(Get(anonymous)))).StatusCode);
        Assert.Null(fixture.ReceivedFor(anonymous));

        // The unprotected login page never sees a forged identity either.
        var loginPath = ProxyFixture.LoginPath + "?visit=" + Guid.NewGuid().ToString("N");
        await browser.SendAsync(Forge(Get(loginPath)));
        var login = fixture.ReceivedFor(loginPath)!;
        Assert.Null(login.Header("X-Auth-Request-User"));
        Assert.Null(login.Header("X-Auth-Request-Aal"));
    }

    [Theory]
    [MemberData(nameof(ProxyFixture.Proxies), MemberType = typeof(ProxyFixture))]
    public async Task Aal2RoutesRefuseAnAal1SessionAndAdmitAnAal2One(string proxy)
    {
        fixture.Require(proxy);
        var browser = fixture.Browser(proxy);
        var aal1 = await fixture.CreateSessionAsync(aal: 1);
        var aal2 = await fixture.CreateSessionAsync(aal: 2);

        var refused = NewPath("/admin/");
        var response = await browser.SendAsync(Get(refused, bearer: aal1.Str("accessToken")));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(fixture.ReceivedFor(refused));
        // The same session may still use the rest of the app.
        var elsewhere = NewPath();
        await ReachedAppAsync(await browser.SendAsync(Get(elsewhere, bearer: aal1.Str("accessToken"))), elsewhere);

        var admitted = NewPath("/admin/");
        var seen = await ReachedAppAsync(await browser.SendAsync(Get(admitted, bearer: aal2.Str("accessToken"))), admitted);
        Assert.Equal("2", seen.Header("X-Auth-Request-Aal"));
        Assert.Equal(aal2.Str("userId"), seen.Header("X-Auth-Request-User"));
    }

    [Theory]
    [MemberData(nameof(ProxyFixture.Proxies), MemberType = typeof(ProxyFixture))]
    public async Task TheSessionSeesTheUsersAddressThroughTheProxyNeverAForgedOne(string proxy)
    {
        fixture.Require(proxy);
        var session = await fixture.CreateSessionAsync();
        var browser = fixture.Browser(proxy);
        var cookie = $"__Host-sc-access={session.Str("accessToken")}";

        // An app route, with a forged X-Forwarded-For: the proxy reports the real address to the check.
        var path = NewPath();
        var forged = Get(path, bearer: session.Str("accessToken"));
        forged.Headers.Add("X-Forwarded-For", "203.0.113.7");
        await ReachedAppAsync(await browser.SendAsync(forged), path);
        // SessionCluster's own /v1/me on the app's origin, in cookie mode: the API trusts the proxy's X-Forwarded-For.
        var me = await browser.SendAsync(Get("/v1/me", cookie: cookie));
        var view = JsonDocument.Parse(await me.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(session.Str("sessionId"), view.Str("sessionId"));

        var status = await (await fixture.Service().GetAsync($"/v1/sessions/{session.Str("sessionId")}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ProxyFixture.UserAddress.ToString(), status.GetProperty("client").Str("ip"));
        // Nothing looked like a new network: no alert.
        var events = await (await fixture.Service().GetAsync($"/v1/users/{session.Str("userId")}/events")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(events.GetProperty("events").EnumerateArray(), e => e.Str("type") == "security.alert");
    }
}
