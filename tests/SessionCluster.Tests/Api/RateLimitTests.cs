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

    [Fact]
    public async Task OnlyFailedValidationsCountAndSpendingThemStopsThatCaller()
    {
        var service = api.ServiceClient(TestTenants.EvictingKey);
        var session = await api.ServiceClient(TestTenants.LimitedKey).CreateSessionAsync();
        var mine = await service.CreateSessionAsync();

        for (var i = 0; i < 10; i++)
        {
            await (await service.ValidateAsync(mine.Str("accessToken"))).AssertOkAsync(); // success never counts
        }
        for (var i = 0; i < 3; i++)
        {
            await (await service.ValidateAsync(session.Str("accessToken"))).AssertProblemAsync(401, "token_invalid"); // another tenant's token
        }

        await AssertLimitedAsync(await service.ValidateAsync(mine.Str("accessToken")));
        await (await api.ServiceClient(TestTenants.LimitedKey).ValidateAsync(session.Str("accessToken"))).AssertOkAsync();
    }
}
