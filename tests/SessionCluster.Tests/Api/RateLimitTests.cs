using System.Net.Http.Json;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

/// <summary>The API with tiny limits, so they can be reached.</summary>
public sealed class RateLimitedApiFactory : ApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("SessionCluster:RateLimits:CreatesPerMinute", "3"),
        new("SessionCluster:RateLimits:RefreshesPerMinute", "2"),
        new("SessionCluster:RateLimits:FailedValidationsPerMinute", "3"),
        new("SessionCluster:RateLimits:EndUserRefreshesPerMinute", "3"),
    ];
}

public sealed class RateLimitTests(RateLimitedApiFactory api) : IClassFixture<RateLimitedApiFactory>
{
    private static async Task AssertLimitedAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(429, "rate_limited");
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
    }

    [Fact]
    public async Task CreationAndRefreshAreLimitedPerTenantAndAddressAndTenantsDoNotShareABudget()
    {
        var acme = api.ServiceClient();
        var user = TestTenants.NewUserId();
        var first = await acme.CreateSessionAsync(user);
        await acme.CreateSessionAsync(user);
        await acme.CreateSessionAsync(user);

        await AssertLimitedAsync(await acme.PostAsJsonAsync("/v1/sessions", new { userId = user }));
        Assert.Equal(3, await acme.ActiveSessionCountAsync(user)); // the refused create changed nothing
        await api.ServiceClient(TestTenants.OtherKey).CreateSessionAsync(); // another tenant has its own budget

        var rotated = await (await acme.RefreshAsync(first.Str("refreshToken"))).AssertOkAsync();
        await (await acme.RefreshAsync(rotated.Str("refreshToken"))).AssertOkAsync();
        await AssertLimitedAsync(await acme.RefreshAsync(first.Str("refreshToken")));
    }
}

/// <summary>The API with tiny failure budgets and generous create limits.</summary>
public sealed class FailureLimitedApiFactory : ApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("SessionCluster:RateLimits:FailedValidationsPerMinute", "3"),
        new("SessionCluster:RateLimits:EndUserRefreshesPerMinute", "3"),
    ];
}

/// <summary>Failure budgets are keyed on what an attacker cannot share with the users they would hurt.</summary>
public sealed class FailedValidationLimitTests(FailureLimitedApiFactory api) : IClassFixture<FailureLimitedApiFactory>
{
    private static async Task AssertLimitedAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(429, "rate_limited");
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
    }

    private static Task<HttpResponseMessage> ValidateFromAsync(HttpClient service, string token, string? ip) =>
        service.PostAsJsonAsync("/v1/sessions/validate", new { accessToken = token, client = ip is null ? null : new { ip } });

    [Fact]
    public async Task JunkFromOneAddressNeverStopsTheAppsOtherUsers()
    {
        // 5,000 junk tokens sent through the app on behalf of one attacker (the app reports their address).
        var service = api.ServiceClient();
        var victim = await service.CreateSessionAsync();
        var attacker = "198.51.100.66";
        var limited = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var junk = SessionToken.Format(TestTenants.Acme, Grains.Domain.TokenCrypto.NewSessionId(), Grains.Domain.TokenCrypto.NewSecret());
            limited += (int)(await ValidateFromAsync(service, junk, attacker)).StatusCode == 429 ? 1 : 0;
        }

        Assert.True(limited >= 4_990, $"only {limited} of 5,000 junk validations were refused"); // the attacker's budget is 3
        await AssertLimitedAsync(await ValidateFromAsync(service, victim.Str("accessToken"), attacker));
        // Everyone else of the same app validates: another address, and a check that names no address.
        await (await ValidateFromAsync(service, victim.Str("accessToken"), "203.0.113.7")).AssertOkAsync();
        await (await ValidateFromAsync(service, victim.Str("accessToken"), null)).AssertOkAsync();
    }

    [Fact]
    public async Task OrdinaryFailuresNeverCountOnlyJunkDoes()
    {
        var service = api.ServiceClient(TestTenants.EvictingKey);
        var ip = "203.0.113.20";
        var revoked = await service.CreateSessionAsync();
        await service.DeleteAsync($"/v1/sessions/{revoked.Str("sessionId")}");
        var mine = await service.CreateSessionAsync();

        // A large tenant's users with revoked sessions (or expired access tokens) fail every day: never a limit.
        for (var i = 0; i < 20; i++)
        {
            await (await ValidateFromAsync(service, revoked.Str("accessToken"), ip)).AssertProblemAsync(401, "session_revoked");
        }
        await (await ValidateFromAsync(service, mine.Str("accessToken"), ip)).AssertOkAsync();

        var foreign = await api.ServiceClient(TestTenants.LimitedKey).CreateSessionAsync();
        for (var i = 0; i < 3; i++)
        {
            await (await ValidateFromAsync(service, foreign.Str("accessToken"), ip)).AssertProblemAsync(401, "token_invalid");
        }
        await AssertLimitedAsync(await ValidateFromAsync(service, mine.Str("accessToken"), ip));
    }

    [Fact]
    public async Task BrowserRefreshesAreLimitedPerAddressNotPerInventedApiKey()
    {
        var limited = 0;
        for (var i = 0; i < 8; i++)
        {
            // A fresh, random X-Api-Key every time used to be a fresh budget every time.
            using var browser = api.CreateClient();
            browser.DefaultRequestHeaders.Add("X-Api-Key", Guid.NewGuid().ToString("N"));
            var answer = await browser.PostAsJsonAsync("/v1/me/refresh-token", new { refreshToken = "acme.AAAAAAAAAAAAAAAAAAAAAA.nope" });
            limited += (int)answer.StatusCode == 429 ? 1 : 0;
        }
        Assert.Equal(5, limited); // EndUserRefreshesPerMinute is 3 here
    }

    [Fact]
    public async Task JunkBearerTokensOnMeSpendThatAddressesBudgetOnly()
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync();
        for (var i = 0; i < 3; i++)
        {
            var junk = SessionToken.Format(TestTenants.Acme, Grains.Domain.TokenCrypto.NewSessionId(), Grains.Domain.TokenCrypto.NewSecret());
            await (await api.UserClient(junk).GetAsync("/v1/me")).AssertProblemAsync(401, "token_invalid");
        }

        // This test server has one address for every caller, so the caller behind the junk is stopped here…
        await AssertLimitedAsync(await api.UserClient("junk.AAAAAAAAAAAAAAAAAAAAAA.x").GetAsync("/v1/me"));
        // …while the app's own validations of its users, which name their own addresses, are untouched.
        await (await service.PostAsJsonAsync("/v1/sessions/validate", new { accessToken = session.Str("accessToken"), client = new { ip = "203.0.113.9" } })).AssertOkAsync();
    }
}
