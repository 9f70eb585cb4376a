using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using SessionCluster.Api;
using SessionCluster.Tests.Api;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Browser;

/// <summary>The API in embedded mode with acme opted in to public device links.</summary>
public sealed class BrowserApiFactory : ApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("SessionCluster:Tenants:acme:Browser:PublicDeviceLinks", "true"),
        new("SessionCluster:RateLimits:LinkApprovalFailuresPerSession", "3"),
    ];
}

/// <summary>The account page's HTTP side and the browser endpoints, through the HTTP contract (no browser needed).</summary>
public sealed partial class BrowserApiTests(BrowserApiFactory api) : IClassFixture<BrowserApiFactory>
{
    [Fact]
    public async Task TheAccountPageIsTheCommittedBuildUnderAStrictContentSecurityPolicyWithNoInlineScriptOrStyle()
    {
        using var http = api.CreateClient();
        var page = await http.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());

        var html = await page.Content.ReadAsStringAsync();
        Assert.All(ScriptTags().Matches(html), tag => Assert.Contains(" src=", tag.Value, StringComparison.Ordinal));
        Assert.DoesNotMatch(InlineStyle(), html);
        Assert.Contains("<sc-sessions>", html, StringComparison.Ordinal);
        Assert.Contains("<sc-session-timeout>", html, StringComparison.Ordinal);
        Assert.Contains("<sc-link-device>", html, StringComparison.Ordinal);

        // What is served is byte for byte the committed clients/browser/dist: there is no second copy.
        var dist = Path.Combine(BuiltApps.RepositoryRoot, "clients", "browser", "dist");
        foreach (var name in AccountPage.FileNames.Where(n => n != "dev-sign-in.html"))
        {
            var committed = File.Exists(Path.Combine(dist, name)) ? Path.Combine(dist, name) : Path.Combine(dist, "account", name);
            var served = await http.GetAsync($"/account/{name}");
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(await File.ReadAllBytesAsync(committed), await served.Content.ReadAsByteArrayAsync());
        }
        Assert.Contains("sessioncluster.js", AccountPage.FileNames);

        // Revalidation is cheap; unknown names and the dev page are not served here.
        var again = new HttpRequestMessage(HttpMethod.Get, "/account/sessioncluster.js");
        again.Headers.TryAddWithoutValidation("If-None-Match", (await http.GetAsync("/account/sessioncluster.js")).Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again)).StatusCode);
        await (await http.GetAsync("/account/../appsettings.json")).AssertProblemAsync(404, "not_found");
        await (await http.GetAsync("/account/nothing.js")).AssertProblemAsync(404, "not_found");
        await (await http.GetAsync("/account/dev-sign-in.html")).AssertProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task TheDevelopmentSignInIsNotMappedOutsideDevelopment()
    {
        await using var production = new ProductionFactory();
        using var http = production.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/account")).StatusCode);
        await (await http.GetAsync("/dev/sign-in")).AssertProblemAsync(404, "not_found");
        var post = await http.PostAsync("/dev/sign-in", new FormUrlEncodedContent([new("userId", "mallory")]));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.False(post.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task ASignedOutBrowserLinksThroughThePublicEndpointsAndGetsCookiesNeverTokens()
    {
        using var service = api.ServiceClient();
        var approver = await service.CreateSessionAsync();
        using var http = api.CreateClient();

        var start = await http.PostAsJsonAsync("/v1/public/acme/device-links", new { device = new { name = "TV", type = "tv" } });
        var started = await start.AssertOkAsync(201);
        var linkCookie = Assert.Single(start.Headers.GetValues("Set-Cookie"), c => c.StartsWith(BrowserApi.LinkCookie + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", linkCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", linkCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", linkCookie, StringComparison.OrdinalIgnoreCase);
        var linkId = started.Str("linkId");
        Assert.Equal(linkId, CookieValue(linkCookie));

        // Without the link cookie (another browser, or a login-CSRF attempt) the link can't be collected.
        await (await PollAsync(http, linkId, cookie: null)).AssertProblemAsync(404, "link_not_found");
        var pending = await (await PollAsync(http, linkId, cookie: linkId)).AssertOkAsync();
        Assert.Equal("pending", pending.Str("status"));

        // The signed-in device approves with its own session (bearer here; the cookie mode is in the browser tests).
        using var user = api.UserClient(approver.Str("accessToken"));
        var approved = await user.PostAsJsonAsync("/v1/me/device-links/approve", new { userCode = started.Str("userCode") });
        Assert.Equal(approver.Str("userId"), (await approved.AssertOkAsync()).Str("userId"));

        var collected = await PollAsync(http, linkId, cookie: linkId);
        var body = await collected.AssertOkAsync();
        Assert.Equal("approved", body.Str("status"));
        var session = body.GetProperty("session");
        Assert.Equal(approver.Str("userId"), session.Str("userId"));
        Assert.False(session.TryGetProperty("accessToken", out _));
        Assert.False(session.TryGetProperty("refreshToken", out _));
        var set = collected.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(set, c => c.StartsWith("__Host-sc-access=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(set, c => c.StartsWith(BrowserApi.LinkCookie + "=;", StringComparison.Ordinal) || (c.StartsWith(BrowserApi.LinkCookie + "=", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal("consumed", (await (await PollAsync(http, linkId, cookie: linkId)).AssertOkAsync()).Str("status"));

        var devices = await (await user.GetAsync("/v1/me/devices")).AssertOkAsync();
        Assert.Contains(devices.GetProperty("devices").EnumerateArray(), d => d.GetProperty("name").GetString() == "TV" && d.Str("linkedVia") == "link");
    }

    [Fact]
    public async Task PublicDeviceLinksAreRefusedForTenantsThatDidNotOptInAndFromOtherSites()
    {
        using var http = api.CreateClient();
        await (await http.PostAsJsonAsync("/v1/public/other/device-links", new { })).AssertProblemAsync(404, "not_found");
        await (await http.PostAsJsonAsync("/v1/public/nosuchtenant/device-links", new { })).AssertProblemAsync(404, "not_found");
        await (await http.PostAsJsonAsync("/v1/public/other/device-links/poll", new { linkId = "x" })).AssertProblemAsync(404, "not_found");
        var crossSite = new HttpRequestMessage(HttpMethod.Post, "/v1/public/acme/device-links") { Content = JsonContent.Create(new { }) };
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        var refused = await http.SendAsync(crossSite);
        await refused.AssertProblemAsync(403, "csrf_invalid");
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        await (await http.PostAsJsonAsync("/v1/public/acme/device-links/poll", new { linkId = "x", waitSeconds = 99 })).AssertProblemAsync(400, "validation_failed");
    }

    [Fact]
    public async Task WrongCodesAreLimitedPerApprovingSessionAndThenEvenTheRightCodeWaits()
    {
        using var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        var guesser = await service.CreateSessionAsync(userId);
        var other = await service.CreateSessionAsync(userId);
        using var link = api.CreateClient();
        var started = await (await link.PostAsJsonAsync("/v1/public/acme/device-links", new { cookie = false })).AssertOkAsync(201);

        using var user = api.UserClient(guesser.Str("accessToken"));
        for (var i = 0; i < 3; i++)
        {
            await (await user.PostAsJsonAsync("/v1/me/device-links/approve", new { userCode = "BBBB-BBB" + "BCDFGHJK"[i] })).AssertProblemAsync(404, "link_not_found");
        }
        var limited = await user.PostAsJsonAsync("/v1/me/device-links/approve", new { userCode = started.Str("userCode") });
        await limited.AssertProblemAsync(429, "rate_limited");
        Assert.True(int.Parse(limited.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) > 0);

        // The limit is the guessing session's: the user's other session approves at once, and the link works.
        using var otherUser = api.UserClient(other.Str("accessToken"));
        await (await otherUser.PostAsJsonAsync("/v1/me/device-links/approve", new { userCode = started.Str("userCode") })).AssertOkAsync();
        var poll = await (await link.PostAsJsonAsync("/v1/public/acme/device-links/poll", new { linkId = started.Str("linkId"), cookie = false })).AssertOkAsync();
        Assert.Equal("approved", poll.Str("status"));
        Assert.False(string.IsNullOrEmpty(poll.GetProperty("session").Str("refreshToken")));
    }

    [Fact]
    public async Task BearerModeRefreshesByTheUsersOwnTokenInTheBody()
    {
        using var service = api.ServiceClient();
        var created = await service.CreateSessionAsync();
        using var http = api.CreateClient();
        var refreshed = await (await http.PostAsJsonAsync("/v1/me/refresh-token", new { refreshToken = created.Str("refreshToken") })).AssertOkAsync();
        Assert.NotEqual(created.Str("refreshToken"), refreshed.Str("refreshToken"));
        using var user = api.UserClient(refreshed.Str("accessToken"));
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/v1/me")).StatusCode);
        await (await http.PostAsJsonAsync("/v1/me/refresh-token", new { refreshToken = "acme.nope.nope" })).AssertProblemAsync(401, "token_invalid");
        await (await http.PostAsJsonAsync("/v1/me/refresh-token", new { })).AssertProblemAsync(400, "validation_failed");
    }

    [Theory]
    [InlineData("SessionCluster:Tenants:ghost:Browser:PublicDeviceLinks", "true", "SessionCluster:Tenants:ghost:Browser:PublicDeviceLinks")]
    [InlineData("SessionCluster:Browser:PublicLinkStartsPerMinute", "0", "SessionCluster:Browser:PublicLinkStartsPerMinute")]
    [InlineData("SessionCluster:RateLimits:LinkApprovalFailureWindow", "00:00:00", "SessionCluster:RateLimits:LinkApprovalFailureWindow")]
    public void ABadBrowserSettingStopsTheStartNamingTheKey(string key, string value, string named)
    {
        using var factory = new SettingFactory(key, value);
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains(named, validation.Message, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PollAsync(HttpClient http, string linkId, string? cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/public/acme/device-links/poll")
        {
            Content = JsonContent.Create(new { linkId, waitSeconds = 0 }),
        };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{BrowserApi.LinkCookie}={cookie}");
        }
        return http.SendAsync(request);
    }

    private static string CookieValue(string setCookie) =>
        setCookie[(setCookie.IndexOf('=', StringComparison.Ordinal) + 1)..setCookie.IndexOf(';', StringComparison.Ordinal)];

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTags();

    [GeneratedRegex("<style|\\sstyle=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();

    private sealed class ProductionFactory : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }

    private sealed class SettingFactory(string key, string value) : ApiFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [new(key, value)];
    }
}
