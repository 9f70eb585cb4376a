using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SessionCluster.Api;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

/// <summary>GET /v1/auth, every answer a reverse proxy acts on, over HTTP (embedded mode, fake clock).</summary>
[Collection(ApiCollection.Name)]
public sealed class ForwardAuthTests(ApiFactory api)
{
    private const string AnyToken = "acme.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    /// <summary>What a proxy sends: the API key, the user's credential, the user's agent and address, the original request.</summary>
    private async Task<HttpResponseMessage> AuthAsync(string? bearer = null, string? cookie = null, string query = "",
        Action<HttpRequestMessage>? also = null, string apiKey = TestTenants.AcmeKey, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, "/v1/auth" + query);
        request.Headers.Add("X-Api-Key", apiKey);
        request.Headers.UserAgent.ParseAdd("Firefox/140");
        request.Headers.Add("X-Forwarded-For", "10.1.2.3");
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        also?.Invoke(request);
        // A proxy hands a redirect on; it never follows it.
        return await api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(request);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    private async Task<JsonElement> SessionAsync(string sessionId, string apiKey = TestTenants.AcmeKey) =>
        await (await api.ServiceClient(apiKey).GetAsync($"/v1/sessions/{sessionId}")).AssertOkAsync();

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response, string code)
    {
        await response.AssertProblemAsync(401, code);
        Assert.StartsWith("Bearer", Header(response, "WWW-Authenticate"), StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Empty(Header(response, "X-Auth-Request-User"));
    }

    [Fact]
    public async Task AValidBearerIs200WithTheIdentityHeadersAndNoBody()
    {
        var session = await api.ServiceClient().CreateSessionAsync();

        var response = await AuthAsync(bearer: session.Str("accessToken"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(session.Str("userId"), Header(response, "X-Auth-Request-User"));
        Assert.Equal(session.Str("sessionId"), Header(response, "X-Auth-Request-Session"));
        Assert.Equal(session.Str("deviceId"), Header(response, "X-Auth-Request-Device"));
        Assert.Equal("1", Header(response, "X-Auth-Request-Aal"));
        Assert.Equal("false", Header(response, "X-Auth-Request-Expires-Soon"));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        // HEAD answers the same, for proxies that check with it.
        var head = await AuthAsync(bearer: session.Str("accessToken"), method: HttpMethod.Head);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(session.Str("userId"), Header(head, "X-Auth-Request-User"));
    }

    [Fact]
    public async Task TheSessionCookieIsACredentialTooAndTheBearerWinsOverIt()
    {
        var cookieSession = await api.ServiceClient().CreateSessionAsync();
        var bearerSession = await api.ServiceClient().CreateSessionAsync();

        var viaCookie = await AuthAsync(cookie: $"other=1; __Host-sc-access={cookieSession.Str("accessToken")}");
        var both = await AuthAsync(bearer: bearerSession.Str("accessToken"), cookie: $"__Host-sc-access={cookieSession.Str("accessToken")}");

        Assert.Equal(HttpStatusCode.OK, viaCookie.StatusCode);
        Assert.Equal(cookieSession.Str("userId"), Header(viaCookie, "X-Auth-Request-User"));
        Assert.Equal(bearerSession.Str("userId"), Header(both, "X-Auth-Request-User"));
    }

    [Fact]
    public async Task WithoutACredentialIs401WithABearerChallenge()
    {
        var response = await AuthAsync();

        await AssertUnauthorizedAsync(response, "token_invalid");
        Assert.Equal("Bearer", Header(response, "WWW-Authenticate"));
        // Another scheme is no credential here; nor is an empty cookie.
        await AssertUnauthorizedAsync(await AuthAsync(also: r => r.Headers.Authorization = new("Basic", "Zm9vOmJhcg==")), "token_invalid");
        await AssertUnauthorizedAsync(await AuthAsync(cookie: "__Host-sc-access="), "token_invalid");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("acme..")]
    [InlineData(AnyToken)]
    public async Task AnUnknownOrForgedTokenIs401TokenInvalid(string token)
    {
        var response = await AuthAsync(bearer: token);

        await AssertUnauthorizedAsync(response, "token_invalid");
        Assert.Equal("Bearer error=\"invalid_token\"", Header(response, "WWW-Authenticate"));
    }

    [Fact]
    public async Task ATokenOfAnotherTenantIs401TokenInvalidAndThatSessionIsNotTouched()
    {
        var theirs = await api.ServiceClient(TestTenants.OtherKey).CreateSessionAsync();
        var before = await SessionAsync(theirs.Str("sessionId"), TestTenants.OtherKey);
        api.Time.Advance(TimeSpan.FromSeconds(5));

        await AssertUnauthorizedAsync(await AuthAsync(bearer: theirs.Str("accessToken")), "token_invalid");
        await AssertUnauthorizedAsync(await AuthAsync(cookie: $"__Host-sc-access={theirs.Str("accessToken")}"), "token_invalid");

        var after = await SessionAsync(theirs.Str("sessionId"), TestTenants.OtherKey);
        Assert.Equal(before.Str("lastSeenAt"), after.Str("lastSeenAt"));
        // Under its own tenant's key the same token is fine.
        Assert.Equal(HttpStatusCode.OK, (await AuthAsync(bearer: theirs.Str("accessToken"), apiKey: TestTenants.OtherKey)).StatusCode);
    }

    [Fact]
    public async Task AnExpiredAccessTokenARevokedAndAnExpiredSessionAre401WithTheirCodes()
    {
        var service = api.ServiceClient();
        var stale = await service.CreateSessionAsync();
        var revoked = await service.CreateSessionAsync();
        await service.DeleteAsync($"/v1/sessions/{revoked.Str("sessionId")}");
        await AssertUnauthorizedAsync(await AuthAsync(bearer: revoked.Str("accessToken")), "session_revoked");

        api.Time.Advance(TimeSpan.FromMinutes(16)); // past the 15 min access token, inside the 30 min idle window
        await AssertUnauthorizedAsync(await AuthAsync(bearer: stale.Str("accessToken")), "access_token_expired");

        api.Time.Advance(TimeSpan.FromMinutes(15)); // 31 min without activity
        await AssertUnauthorizedAsync(await AuthAsync(bearer: stale.Str("accessToken")), "session_expired");
    }

    [Fact]
    public async Task WithoutAValidApiKeyIs401ApiKeyInvalidAndNothingIsTouched()
    {
        var session = await api.ServiceClient().CreateSessionAsync();
        var before = await SessionAsync(session.Str("sessionId"));
        api.Time.Advance(TimeSpan.FromSeconds(5));

        await (await AuthAsync(bearer: session.Str("accessToken"), apiKey: "wrong")).AssertProblemAsync(401, "api_key_invalid");
        await (await AuthAsync(bearer: session.Str("accessToken"), apiKey: "")).AssertProblemAsync(401, "api_key_invalid");

        Assert.Equal(before.Str("lastSeenAt"), (await SessionAsync(session.Str("sessionId"))).Str("lastSeenAt"));
    }

    [Fact]
    public async Task Aal2IsRequiredOnlyWhenAskedAndAnAal1SessionIs403StepUpRequired()
    {
        var service = api.ServiceClient();
        var aal1 = await service.CreateSessionAsync();
        var aal2 = await service.CreateSessionAsync(extra: new { aal = 2 });

        await (await AuthAsync(bearer: aal1.Str("accessToken"), query: "?aal=2")).AssertProblemAsync(403, "step_up_required");
        Assert.Equal(HttpStatusCode.OK, (await AuthAsync(bearer: aal1.Str("accessToken"), query: "?aal=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AuthAsync(bearer: aal1.Str("accessToken"))).StatusCode);

        var ok = await AuthAsync(bearer: aal2.Str("accessToken"), query: "?aal=2");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("2", Header(ok, "X-Auth-Request-Aal"));
    }

    [Fact]
    public async Task ASessionThatMustStepUpIs403OnEveryRouteAndTheAddressComesFromXForwardedFor()
    {
        // Guarded: StepUpOnRisk. The session was created from 10.1.2.3; the proxy reports where the user is now.
        var service = api.ServiceClient(TestTenants.GuardedKey);
        var session = await service.CreateSessionAsync();
        void From(HttpRequestMessage r, string ip)
        {
            r.Headers.Remove("X-Forwarded-For");
            r.Headers.Add("X-Forwarded-For", ip);
        }

        var sameNetwork = await AuthAsync(bearer: session.Str("accessToken"), apiKey: TestTenants.GuardedKey, also: r => From(r, "10.1.2.99, 172.16.0.1"));
        Assert.Equal(HttpStatusCode.OK, sameNetwork.StatusCode);

        var elsewhere = await AuthAsync(bearer: session.Str("accessToken"), apiKey: TestTenants.GuardedKey, also: r => From(r, "192.0.2.1"));
        await elsewhere.AssertProblemAsync(403, "step_up_required");
        var events = await (await service.GetAsync($"/v1/users/{session.Str("userId")}/events")).AssertOkAsync();
        var alert = events.GetProperty("events").EnumerateArray().Single(e => e.Str("type") == "security.alert");
        Assert.Equal("192.0.2.1", alert.GetProperty("detail").Str("seenIp"));
        // And stays so, from anywhere, until the session steps up.
        await (await AuthAsync(bearer: session.Str("accessToken"), apiKey: TestTenants.GuardedKey)).AssertProblemAsync(403, "step_up_required");
    }

    [Fact]
    public async Task ACookieOnAnUnsafeOriginalMethodNeedsAValidCsrfTokenAndAForgedCallChangesNothing()
    {
        var session = await api.ServiceClient().CreateSessionAsync();
        var csrf = session.Str("csrfToken");
        var cookie = $"__Host-sc-access={session.Str("accessToken")}";
        var withCsrfCookie = $"{cookie}; __Host-sc-csrf={csrf}";
        var before = await SessionAsync(session.Str("sessionId"));
        api.Time.Advance(TimeSpan.FromSeconds(5));
        static Action<HttpRequestMessage> Original(string header, string method, string? token = null) => r =>
        {
            r.Headers.Add(header, method);
            if (token is not null)
            {
                r.Headers.Add("X-CSRF-Token", token);
            }
        };

        await (await AuthAsync(cookie: withCsrfCookie, also: Original("X-Forwarded-Method", "POST"))).AssertProblemAsync(403, "csrf_invalid");
        await (await AuthAsync(cookie: withCsrfCookie, also: Original("X-Original-Method", "DELETE"))).AssertProblemAsync(403, "csrf_invalid");
        await (await AuthAsync(cookie: withCsrfCookie, also: Original("X-Forwarded-Method", "patch"))).AssertProblemAsync(403, "csrf_invalid");
        await (await AuthAsync(cookie: withCsrfCookie, also: Original("X-Forwarded-Method", "PUT", "forged"))).AssertProblemAsync(403, "csrf_invalid");
        await (await AuthAsync(cookie: cookie, also: Original("X-Forwarded-Method", "POST", csrf))).AssertProblemAsync(403, "csrf_invalid"); // no csrf cookie
        // Envoy and Oathkeeper check with the original method itself.
        await (await AuthAsync(cookie: withCsrfCookie, method: HttpMethod.Post)).AssertProblemAsync(403, "csrf_invalid");
        // Nothing was validated: no activity.
        Assert.Equal(before.Str("lastSeenAt"), (await SessionAsync(session.Str("sessionId"))).Str("lastSeenAt"));

        Assert.Equal(HttpStatusCode.OK, (await AuthAsync(cookie: withCsrfCookie, also: Original("X-Forwarded-Method", "POST", csrf))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AuthAsync(cookie: withCsrfCookie, method: HttpMethod.Delete, also: Original("X-CSRF-Token", csrf))).StatusCode);
        foreach (var safe in new[] { "GET", "HEAD", "OPTIONS" })
        {
            Assert.Equal(HttpStatusCode.OK, (await AuthAsync(cookie: cookie, also: Original("X-Forwarded-Method", safe))).StatusCode);
        }
        // A bearer token is not sent by a browser on its own: no CSRF check.
        Assert.Equal(HttpStatusCode.OK, (await AuthAsync(bearer: session.Str("accessToken"), also: Original("X-Forwarded-Method", "POST"))).StatusCode);
    }

    [Fact]
    public async Task ABrowserNavigationWithoutASessionIsRedirectedToTheLoginPageWithTheWayBack()
    {
        static Action<HttpRequestMessage> Browser(string? uri = "/orders?id=1&x=2", string header = "X-Forwarded-Uri") => r =>
        {
            r.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
            if (uri is not null)
            {
                r.Headers.TryAddWithoutValidation(header, uri);
            }
        };

        var redirect = await AuthAsync(query: "?login=/login", also: Browser());
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal("/login?rd=%2Forders%3Fid%3D1%26x%3D2", redirect.Headers.Location?.OriginalString);
        Assert.Equal("no-store", redirect.Headers.CacheControl?.ToString());

        // nginx's header name; a login URL with its own query; an absolute one.
        Assert.Equal("/login?rd=%2Fa", (await AuthAsync(query: "?login=/login", also: Browser("/a", "X-Original-URI"))).Headers.Location?.OriginalString);
        Assert.Equal("/sign-in?app=shop&rd=%2Fa",
            (await AuthAsync(query: "?login=" + Uri.EscapeDataString("/sign-in?app=shop"), also: Browser("/a"))).Headers.Location?.OriginalString);
        Assert.Equal("https://id.example.com/login?rd=%2Fa",
            (await AuthAsync(query: "?login=" + Uri.EscapeDataString("https://id.example.com/login"), also: Browser("/a"))).Headers.Location?.OriginalString);

        // The way back is only ever a path on this origin: anything else is left out.
        foreach (var hostile in new[] { "//evil.example/x", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/a b" })
        {
            var response = await AuthAsync(query: "?login=/login", also: Browser(hostile));
            Assert.Equal("/login", response.Headers.Location?.OriginalString);
        }
        Assert.Equal("/login", (await AuthAsync(query: "?login=/login", also: Browser(uri: null))).Headers.Location?.OriginalString);

        // Not a browser navigation: the 401 stays.
        await AssertUnauthorizedAsync(await AuthAsync(query: "?login=/login"), "token_invalid");
        await AssertUnauthorizedAsync(await AuthAsync(query: "?login=/login", also: r => r.Headers.Accept.ParseAdd("application/json")), "token_invalid");
        // Any 401 becomes the redirect (here: an unknown token); a 403 never does.
        Assert.Equal(HttpStatusCode.Found, (await AuthAsync(bearer: AnyToken, query: "?login=/login", also: Browser())).StatusCode);
        var aal1 = await api.ServiceClient().CreateSessionAsync();
        await (await AuthAsync(bearer: aal1.Str("accessToken"), query: "?aal=2&login=/login", also: Browser())).AssertProblemAsync(403, "step_up_required");
        // A valid session is never redirected.
        Assert.Equal(HttpStatusCode.OK, (await AuthAsync(bearer: aal1.Str("accessToken"), query: "?login=/login", also: Browser())).StatusCode);
    }

    [Fact]
    public async Task LoginStatus401KeepsThe401AndPutsTheLoginUrlInLocationForNginx()
    {
        var response = await AuthAsync(query: "?login=/login&loginStatus=401", also: r =>
        {
            r.Headers.Accept.ParseAdd("text/html");
            r.Headers.Add("X-Forwarded-Uri", "/a?b=c");
        });

        await AssertUnauthorizedAsync(response, "token_invalid");
        Assert.Equal("/login?rd=%2Fa%3Fb%3Dc", response.Headers.Location?.OriginalString);
        // Not a navigation: no Location.
        Assert.Null((await AuthAsync(query: "?login=/login&loginStatus=401")).Headers.Location);
    }

    [Theory]
    [InlineData("login", "javascript:alert(1)")]
    [InlineData("login", "JavaScript:alert(1)")]
    [InlineData("login", "data:text/html,<script>alert(1)</script>")]
    [InlineData("login", "//evil.example/login")]
    [InlineData("login", "/\\evil.example")]
    [InlineData("login", "\\\\evil.example")]
    [InlineData("login", "https://app@evil.example/login")]
    [InlineData("login", "ftp://example.com/login")]
    [InlineData("login", "/login#fragment")]
    [InlineData("login", "login")]
    [InlineData("login", "/log in")]
    [InlineData("login", "/login\r\nSet-Cookie: x=1")]
    [InlineData("aal", "3")]
    [InlineData("aal", "two")]
    [InlineData("loginStatus", "500")]
    [InlineData("format", "xml")]
    public async Task AnOptionThatIsNotValidIs400NamingItAndTouchesNothing(string name, string value)
    {
        var session = await api.ServiceClient().CreateSessionAsync();
        var before = await SessionAsync(session.Str("sessionId"));
        api.Time.Advance(TimeSpan.FromSeconds(1));

        var response = await AuthAsync(bearer: session.Str("accessToken"), query: $"?{name}={Uri.EscapeDataString(value)}",
            also: r => r.Headers.Accept.ParseAdd("text/html"));

        var problem = await response.AssertProblemAsync(400, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(name, out _), problem.ToString());
        Assert.Null(response.Headers.Location);
        Assert.Equal(before.Str("lastSeenAt"), (await SessionAsync(session.Str("sessionId"))).Str("lastSeenAt"));
    }

    [Fact]
    public async Task ACheckIsActivityItSlidesTheIdleWindow()
    {
        // Fast: a 4 s idle window (and a 1 min access token), so the window can slide several times.
        var service = api.ServiceClient(TestTenants.FastKey);
        var used = await service.CreateSessionAsync();
        var idle = await service.CreateSessionAsync();
        var created = await SessionAsync(used.Str("sessionId"), TestTenants.FastKey);

        for (var i = 0; i < 4; i++)
        {
            api.Time.Advance(TimeSpan.FromSeconds(3));
            Assert.Equal(HttpStatusCode.OK, (await AuthAsync(bearer: used.Str("accessToken"), apiKey: TestTenants.FastKey)).StatusCode);
        }

        var after = await SessionAsync(used.Str("sessionId"), TestTenants.FastKey);
        Assert.Equal("active", after.Str("status"));
        Assert.True(after.GetProperty("idleExpiresAt").GetDateTimeOffset() - created.GetProperty("idleExpiresAt").GetDateTimeOffset() == TimeSpan.FromSeconds(12));
        // 12 s without activity, 4 s allowed: the session nobody checked is gone.
        await AssertUnauthorizedAsync(await AuthAsync(bearer: idle.Str("accessToken"), apiKey: TestTenants.FastKey), "session_expired");
    }

    [Fact]
    public async Task ExpiresSoonTurnsTrueInsideTheWarningWindow()
    {
        // Fast: a 1 min absolute lifetime and a 2 s warning; checks every 3 s keep the 4 s idle window open.
        var session = await api.ServiceClient(TestTenants.FastKey).CreateSessionAsync();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 19; i++)
        {
            api.Time.Advance(TimeSpan.FromSeconds(3));
            last = await AuthAsync(bearer: session.Str("accessToken"), apiKey: TestTenants.FastKey);
        }
        Assert.Equal("false", Header(last, "X-Auth-Request-Expires-Soon")); // 3 s left

        api.Time.Advance(TimeSpan.FromSeconds(1.5));
        var soon = await AuthAsync(bearer: session.Str("accessToken"), apiKey: TestTenants.FastKey);

        Assert.Equal(HttpStatusCode.OK, soon.StatusCode);
        Assert.Equal("true", Header(soon, "X-Auth-Request-Expires-Soon"));
    }

    [Theory]
    [InlineData("alice@example.com", "alice@example.com")]
    [InlineData("josé", "jos%C3%A9")]
    [InlineData("50%off", "50%25off")]
    [InlineData("a b", "a%20b")]
    [InlineData("用户😀", "%E7%94%A8%E6%88%B7%F0%9F%98%80")]
    public async Task UserIdsGoInTheHeaderAsVisibleAsciiAndPercentDecodeToThemselves(string userId, string header)
    {
        var session = await api.ServiceClient().CreateSessionAsync(userId: userId);

        var response = await AuthAsync(bearer: session.Str("accessToken"));

        Assert.Equal(header, Header(response, "X-Auth-Request-User"));
        Assert.Equal(userId, Uri.UnescapeDataString(Header(response, "X-Auth-Request-User")));
    }

    [Fact]
    public async Task FormatJsonAlsoGivesTheIdentityAsABodyForOathkeeper()
    {
        var session = await api.ServiceClient().CreateSessionAsync();

        var response = await AuthAsync(bearer: session.Str("accessToken"), query: "?format=json");

        var body = await response.AssertOkAsync();
        Assert.Equal(session.Str("userId"), body.Str("subject"));
        var extra = body.GetProperty("extra");
        Assert.Equal(session.Str("sessionId"), extra.Str("sessionId"));
        Assert.Equal(session.Str("deviceId"), extra.Str("deviceId"));
        Assert.Equal(1, extra.GetProperty("aal").GetInt32());
        Assert.False(extra.GetProperty("expiresSoon").GetBoolean());
        Assert.Equal(session.Str("userId"), Header(response, "X-Auth-Request-User"));
    }

    [Fact]
    public async Task HostileHeadersAndQueriesGetOnlyTheStatusesAProxyUnderstands()
    {
        var session = await api.ServiceClient().CreateSessionAsync();
        var random = new Random(20261202);
        string?[] bearers = [null, session.Str("accessToken"), "x", "acme..", new string('t', 5000), AnyToken, "other.AAAAAAAAAAAAAAAAAAAAAA.x"];
        string?[] cookies = [null, $"__Host-sc-access={session.Str("accessToken")}", "__Host-sc-access=%00%ff", "__Host-sc-access=a; __Host-sc-access=b", new string(';', 500)];
        string?[] methods = [null, "POST", "GET", "", " ", "FOO", new string('M', 1000)];
        string?[] uris = [null, "/", "//x", "\\x", "/%00", new string('/', 5000), "/ünï", "http://evil/"];
        string?[] forwarded = [null, "", "garbage", "1.2.3.4, 5.6.7.8", "::1", "[::1]:80", "999.1.1.1", new string(',', 300)];
        string[] queries = ["", "?aal=2", "?login=/login", "?login=%00", "?aal=&login=&format=", "?aal=2&aal=1", "?login=" + new string('a', 5000), "?%ff=%fe"];

        for (var i = 0; i < 300; i++)
        {
            var response = await AuthAsync(bearer: null, query: queries[random.Next(queries.Length)], also: r =>
            {
                if (bearers[random.Next(bearers.Length)] is { } b)
                {
                    r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + b);
                }
                if (cookies[random.Next(cookies.Length)] is { } c)
                {
                    r.Headers.TryAddWithoutValidation("Cookie", c);
                }
                if (methods[random.Next(methods.Length)] is { } m)
                {
                    r.Headers.TryAddWithoutValidation("X-Forwarded-Method", m);
                }
                if (uris[random.Next(uris.Length)] is { } u)
                {
                    r.Headers.TryAddWithoutValidation("X-Forwarded-Uri", u);
                }
                r.Headers.Remove("X-Forwarded-For");
                if (forwarded[random.Next(forwarded.Length)] is { } f)
                {
                    r.Headers.TryAddWithoutValidation("X-Forwarded-For", f);
                }
                if (random.Next(2) == 0)
                {
                    r.Headers.TryAddWithoutValidation("Accept", "text/html");
                }
            });
            Assert.True((int)response.StatusCode is 200 or 302 or 400 or 401 or 403, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.Found)
            {
                Assert.StartsWith("/login", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
            }
        }
        Assert.Equal("active", (await SessionAsync(session.Str("sessionId"))).Str("status"));
    }
}

/// <summary>Failed checks are limited per API key and end user (as the proxy reports them), never per proxy.</summary>
public sealed class ForwardAuthLimitTests(RateLimitedApiFactory api) : IClassFixture<RateLimitedApiFactory>
{
    private async Task<HttpResponseMessage> AuthAsync(string token, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/auth");
        request.Headers.Add("X-Api-Key", TestTenants.AcmeKey);
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await api.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task OneUserSpendingTheFailureBudgetDoesNotLockOutTheOthersBehindTheSameProxy()
    {
        var session = await api.ServiceClient().CreateSessionAsync();
        for (var i = 0; i < 3; i++)
        {
            await (await AuthAsync("acme.AAAAAAAAAAAAAAAAAAAAAA.AAAA", "198.51.100.1")).AssertProblemAsync(401, "token_invalid");
        }

        var limited = await AuthAsync(session.Str("accessToken"), "198.51.100.1");
        await limited.AssertProblemAsync(429, "rate_limited");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await AuthAsync(session.Str("accessToken"), "198.51.100.2")).StatusCode);
    }
}

/// <summary>The API with every log line at every level kept, ASP.NET Core's request logs included.</summary>
public sealed class VerboseLogFactory : ApiFactory
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
        [new("Logging:LogLevel:Default", "Trace"), new("Logging:LogLevel:Microsoft.AspNetCore", "Trace")];

    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddProvider(new Capture(Lines));
    }

    private sealed class Capture(System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue($"{formatter(state, exception)} {exception}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                lines.Enqueue(string.Join(' ', values.Select(v => $"{v.Key}={v.Value}")));
            }
        }

        public void Dispose()
        {
        }
    }
}

/// <summary>No token reaches a log line through forward auth (every outcome, the redirect included).</summary>
public sealed class ForwardAuthLogTests(VerboseLogFactory api) : IClassFixture<VerboseLogFactory>
{
    [Fact]
    public async Task ChecksLogNoToken()
    {
        var session = await api.ServiceClient().CreateSessionAsync();
        var token = session.Str("accessToken");
        var client = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var query in new[] { "", "?aal=2", "?login=/login", "?login=javascript:x" })
        {
            foreach (var credential in new[] { $"Bearer {token}", "Bearer " + token[..^4] + "AAAA" })
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/v1/auth" + query);
                request.Headers.Add("X-Api-Key", TestTenants.AcmeKey);
                request.Headers.TryAddWithoutValidation("Authorization", credential);
                request.Headers.Add("Accept", "text/html");
                request.Headers.Add("X-Forwarded-Method", "POST");
                request.Headers.Add("Cookie", $"__Host-sc-access={token}; __Host-sc-csrf={session.Str("csrfToken")}");
                await client.SendAsync(request);
            }
        }

        var logs = string.Join('\n', api.Lines);
        // The checks were logged (request lines, endpoint, status), so the logs were there to leak into.
        Assert.Contains("/v1/auth", logs, StringComparison.Ordinal);
        Assert.Contains("AuthorizeAsync", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token[..^4] + "AAAA", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Str("csrfToken"), logs, StringComparison.Ordinal);
    }
}

public sealed class TrustedProxyOptionsTests
{
    [Theory]
    [InlineData("10.0.0.5", true)]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::/8", true)]
    [InlineData("nginx", false)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("", false)]
    public void EntriesAreAddressesOrNetworksAndABadOneNamesItsKey(string entry, bool valid)
    {
        var result = new TrustedProxyOptionsValidator().Validate(null, new TrustedProxyOptions { TrustedProxies = ["127.0.0.1", entry] });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("SessionCluster:TrustedProxies:1", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheApiRefusesToStartWithABadEntry()
    {
        using var factory = new BadTrustedProxyFactory();
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("SessionCluster:TrustedProxies:0", error.ToString(), StringComparison.Ordinal);
    }

    private sealed class BadTrustedProxyFactory : ApiFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [new("SessionCluster:TrustedProxies:0", "proxy.internal")];
    }
}
