using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using SessionCluster.AspNetCore.Client;
using SessionCluster.Grains.Domain;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Apps;

/// <summary>The ASP.NET Core handler against a scripted cluster: every credential kind, CSRF, AAL, outages.</summary>
public sealed class AuthenticationHandlerTests
{
    private static (string Token, string Csrf) NewToken(string tenant = "acme")
    {
        var sessionId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (SessionToken.Format(tenant, sessionId, secret), TokenCrypto.CsrfFor(secret));
    }

    private static HttpRequestMessage Get(string path, string? bearer = null, string? cookie = null, string method = "GET")
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
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

    [Fact]
    public async Task BearerTokenBecomesAPrincipalWithTheDocumentedClaims()
    {
        await using var host = await HandlerHost.StartAsync();
        var (token, _) = NewToken();
        var session = FakeSessionClusterClient.Session("ann", aal: 2);
        host.Cluster.Answers[token] = () => session;
        using var request = Get("/me", bearer: token);
        request.Headers.UserAgent.ParseAdd("TestBrowser/1.0");
        var claims = await (await host.Client.SendAsync(request)).AssertOkAsync();
        Assert.Equal("ann", claims.GetProperty("sub").GetString());
        Assert.Equal(session.SessionId, claims.GetProperty("sid").GetString());
        Assert.Equal("dev-1", claims.GetProperty("device_id").GetString());
        Assert.Equal("2", claims.GetProperty("aal").GetString());
        Assert.Equal("bearer", claims.GetProperty("sc_credential").GetString());
        Assert.True(host.Cluster.Clients.TryDequeue(out var client));
        Assert.Equal("TestBrowser/1.0", client!.UserAgent);
    }

    [Fact]
    public async Task NoCredentialIs401WithABearerChallenge()
    {
        await using var host = await HandlerHost.StartAsync();
        var response = await host.Client.SendAsync(Get("/me"));
        await response.AssertProblemAsync(401, "token_invalid");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("session_revoked")]
    [InlineData("session_expired")]
    [InlineData("access_token_expired")]
    public async Task ADeadSessionIs401WithItsCode(string code)
    {
        await using var host = await HandlerHost.StartAsync();
        var (token, _) = NewToken();
        host.Cluster.Answers[token] = () => throw new SessionClusterException(401, code, code);
        var response = await host.Client.SendAsync(Get("/me", bearer: token));
        await response.AssertProblemAsync(401, code);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCookieWorksForReadsAndARevokedSessionsCookiesAreCleared()
    {
        await using var host = await HandlerHost.StartAsync();
        var (token, _) = NewToken();
        host.Cluster.Answers[token] = () => FakeSessionClusterClient.Session("bob");
        var claims = await (await host.Client.SendAsync(Get("/me", cookie: $"__Host-sc-access={token}"))).AssertOkAsync();
        Assert.Equal("bob", claims.GetProperty("sub").GetString());
        Assert.Equal("cookie", claims.GetProperty("sc_credential").GetString());

        host.Cluster.Answers[token] = () => throw new SessionClusterException(401, "session_revoked", "revoked");
        var response = await host.Client.SendAsync(Get("/me", cookie: $"__Host-sc-access={token}"));
        await response.AssertProblemAsync(401, "session_revoked");
        var cleared = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cleared, c => c.StartsWith("__Host-sc-access=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(cleared, c => c.StartsWith("__Secure-sc-refresh=;", StringComparison.Ordinal) && c.Contains("path=/v1/me/refresh", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AnUnsafeMethodWithTheCookieNeedsTheCsrfTokenInHeaderAndCookie()
    {
        await using var host = await HandlerHost.StartAsync();
        var (token, csrf) = NewToken();
        host.Cluster.Answers[token] = () => FakeSessionClusterClient.Session();

        await (await host.Client.SendAsync(Get("/me", cookie: $"__Host-sc-access={token}", method: "POST"))).AssertProblemAsync(403, "csrf_invalid");

        using var wrong = Get("/me", cookie: $"__Host-sc-access={token}; __Host-sc-csrf={csrf}", method: "POST");
        wrong.Headers.Add("X-CSRF-Token", NewToken().Csrf);
        await (await host.Client.SendAsync(wrong)).AssertProblemAsync(403, "csrf_invalid");

        using var headerOnly = Get("/me", cookie: $"__Host-sc-access={token}", method: "POST");
        headerOnly.Headers.Add("X-CSRF-Token", csrf);
        await (await host.Client.SendAsync(headerOnly)).AssertProblemAsync(403, "csrf_invalid");
        Assert.Equal(0, host.Cluster.Validations);

        using var right = Get("/me", cookie: $"__Host-sc-access={token}; __Host-sc-csrf={csrf}", method: "POST");
        right.Headers.Add("X-CSRF-Token", csrf);
        await (await host.Client.SendAsync(right)).AssertOkAsync();

        // A bearer caller is not a browser riding a cookie: no CSRF check.
        await (await host.Client.SendAsync(Get("/me", bearer: token, method: "POST"))).AssertOkAsync();
    }

    [Fact]
    public async Task ThePackagesCsrfDerivationIsTheClustersOwn()
    {
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        Assert.Equal(TokenCrypto.CsrfFor(secret), SessionCluster.AspNetCore.Authentication.SessionClusterCookies.CsrfFor(secret));
    }

    [Fact]
    public async Task AnOutageIs503NeverA401()
    {
        await using var host = await HandlerHost.StartAsync();
        var (token, _) = NewToken();
        host.Cluster.Answers[token] = () => throw new SessionClusterUnavailableException("down");
        var response = await host.Client.SendAsync(Get("/me", bearer: token));
        await response.AssertProblemAsync(503, "cluster_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task TheClusterRefusingTheAppsKeyIs503NotASignOut()
    {
        await using var host = await HandlerHost.StartAsync();
        var (token, _) = NewToken();
        host.Cluster.Answers[token] = () => throw new SessionClusterException(401, "api_key_invalid", "bad key");
        await (await host.Client.SendAsync(Get("/me", bearer: token))).AssertProblemAsync(503, "cluster_unavailable");
    }

    [Fact]
    public async Task Aal2PolicyForbidsAnAal1SessionWithStepUpRequired()
    {
        await using var host = await HandlerHost.StartAsync();
        var (aal1, _) = NewToken();
        var (aal2, _) = NewToken();
        var (flagged, _) = NewToken();
        host.Cluster.Answers[aal1] = () => FakeSessionClusterClient.Session(aal: 1);
        host.Cluster.Answers[aal2] = () => FakeSessionClusterClient.Session(aal: 2);
        host.Cluster.Answers[flagged] = () => FakeSessionClusterClient.Session(aal: 2, stepUp: true);
        await (await host.Client.SendAsync(Get("/secure", bearer: aal1))).AssertProblemAsync(403, "step_up_required");
        await (await host.Client.SendAsync(Get("/secure", bearer: flagged))).AssertProblemAsync(403, "step_up_required");
        await (await host.Client.SendAsync(Get("/secure", bearer: aal2))).AssertOkAsync();
        await (await host.Client.SendAsync(Get("/secure"))).AssertProblemAsync(401, "token_invalid");
    }

    [Fact]
    public async Task BrowserNavigationsAreSentToTheLoginAndStepUpPages()
    {
        await using var host = await HandlerHost.StartAsync(o =>
        {
            o.LoginPath = "/login";
            o.StepUpPath = "/step-up";
        });
        var (aal1, _) = NewToken();
        host.Cluster.Answers[aal1] = () => FakeSessionClusterClient.Session(aal: 1);
        using var login = Get("/me?x=1");
        login.Headers.Accept.ParseAdd("text/html");
        var toLogin = await host.Client.SendAsync(login);
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fme%3Fx%3D1", toLogin.Headers.Location?.OriginalString);

        using var stepUp = Get("/secure", cookie: $"__Host-sc-access={aal1}");
        stepUp.Headers.Accept.ParseAdd("text/html");
        var toStepUp = await host.Client.SendAsync(stepUp);
        Assert.Equal(HttpStatusCode.Redirect, toStepUp.StatusCode);
        Assert.Equal("/step-up?returnUrl=%2Fsecure", toStepUp.Headers.Location?.OriginalString);

        // A script's call still gets the problem it can act on.
        await (await host.Client.SendAsync(Get("/secure", bearer: aal1))).AssertProblemAsync(403, "step_up_required");
    }

    [Fact]
    public async Task ForwardAuthHeadersAreBelievedOnlyFromATrustedProxyWhenConfigured()
    {
        await using var host = await HandlerHost.StartAsync(o =>
        {
            o.TrustForwardAuthHeaders = true;
            o.TrustedProxies.Add("10.0.0.0/8");
        });
        HttpRequestMessage FromProxy(string remote)
        {
            var request = Get("/me");
            request.Headers.Add("X-Test-Remote", remote);
            request.Headers.Add("X-Auth-Request-User", "carol");
            request.Headers.Add("X-Auth-Request-Session", "s-1");
            request.Headers.Add("X-Auth-Request-Device", "d-1");
            request.Headers.Add("X-Auth-Request-Aal", "2");
            return request;
        }
        var claims = await (await host.Client.SendAsync(FromProxy("10.1.2.3"))).AssertOkAsync();
        Assert.Equal("carol", claims.GetProperty("sub").GetString());
        Assert.Equal("s-1", claims.GetProperty("sid").GetString());
        Assert.Equal("2", claims.GetProperty("aal").GetString());
        Assert.Equal("proxy", claims.GetProperty("sc_credential").GetString());
        await (await host.Client.SendAsync(FromProxy("192.168.1.5"))).AssertProblemAsync(401, "token_invalid");
        Assert.Equal(0, host.Cluster.Validations);
    }

    [Fact]
    public async Task ForwardAuthHeadersAreIgnoredUnlessTrustIsConfigured()
    {
        await using var host = await HandlerHost.StartAsync();
        using var request = Get("/me");
        request.Headers.Add("X-Test-Remote", "127.0.0.1");
        request.Headers.Add("X-Auth-Request-User", "mallory");
        await (await host.Client.SendAsync(request)).AssertProblemAsync(401, "token_invalid");
    }

    [Fact]
    public async Task SignOutRevokesOnlyASessionItsCredentialProves()
    {
        await using var host = await HandlerHost.StartAsync();
        var (token, csrf) = NewToken();
        var session = FakeSessionClusterClient.Session("dan");
        host.Cluster.Answers[token] = () => session;
        var (forged, forgedCsrf) = NewToken();

        using var bad = Get("/sign-out", cookie: $"__Host-sc-access={forged}; __Host-sc-csrf={forgedCsrf}", method: "POST");
        bad.Headers.Add("X-CSRF-Token", forgedCsrf);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.SendAsync(bad)).StatusCode);
        Assert.Empty(host.Cluster.Revoked);

        using var good = Get("/sign-out", cookie: $"__Host-sc-access={token}; __Host-sc-csrf={csrf}", method: "POST");
        good.Headers.Add("X-CSRF-Token", csrf);
        var response = await host.Client.SendAsync(good);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([session.SessionId], host.Cluster.Revoked);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-sc-access=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadSettingsStopTheStartWithTheKeyNamed()
    {
        var error = await Assert.ThrowsAnyAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            HandlerHost.StartAsync(o =>
            {
                o.MaxStaleness = TimeSpan.Zero;
                o.TrustForwardAuthHeaders = true;
            }));
        Assert.Contains("SessionCluster:Client:MaxStaleness", error.Message, StringComparison.Ordinal);
        Assert.Contains("SessionCluster:Client:TrustedProxies", error.Message, StringComparison.Ordinal);
    }
}
