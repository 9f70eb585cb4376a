using System.Net.Http.Json;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

/// <summary>What /v1/me and the user routes refuse or guarantee beyond the happy path (security review, second pass).</summary>
[Collection(ApiCollection.Name)]
public sealed class EndUserRulesTests(ApiFactory api)
{
    private static readonly object Home = new { ip = "203.0.113.7", userAgent = "Firefox/140" };

    [Fact]
    public async Task ASessionThatMustStepUpCannotActOnTheUsersOtherSessionsDevicesDataOrEvents()
    {
        // Guarded has StepUpOnRisk: a session seen from a new network must step up before it is trusted again.
        var service = api.ServiceClient(TestTenants.GuardedKey);
        var userId = TestTenants.NewUserId();
        var flagged = await service.CreateSessionAsync(userId, new { client = Home });
        var other = await service.CreateSessionAsync(userId, new { client = Home });
        var seen = await (await service.PostAsJsonAsync("/v1/sessions/validate",
            new { accessToken = flagged.Str("accessToken"), client = new { ip = "198.51.100.23", userAgent = "Firefox/140" } })).AssertOkAsync();
        Assert.True(seen.GetProperty("stepUpRequired").GetBoolean());
        var me = api.UserClient(flagged.Str("accessToken"));

        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
                 {
                     (HttpMethod.Post, "/v1/me/logout-others", null),
                     (HttpMethod.Delete, $"/v1/me/sessions/{other.Str("sessionId")}", null),
                     (HttpMethod.Delete, $"/v1/me/devices/{other.GetProperty("device").Str("deviceId")}", null),
                     (HttpMethod.Put, "/v1/me/data", new { data = new { x = 1 } }),
                     (HttpMethod.Get, "/v1/me/events", null),
                     (HttpMethod.Get, "/v1/me/sessions", null),
                     (HttpMethod.Get, "/v1/me/devices", null),
                 })
        {
            var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            await (await me.SendAsync(request)).AssertProblemAsync(403, "step_up_required");
        }
        // Nothing happened, and what it may still do works: read itself, extend, sign itself out.
        await (await service.ValidateAsync(other.Str("accessToken"))).AssertOkAsync();
        await (await me.GetAsync("/v1/me")).AssertOkAsync();
        await (await me.PostAsync("/v1/me/extend", null)).AssertOkAsync();
        await (await me.PostAsync("/v1/me/logout", null)).AssertOkAsync(204);
    }

    [Fact]
    public async Task ATokenOfAnUnconfiguredTenantIsRefusedWithoutReachingAnyGrain()
    {
        var before = await ValidatedCountAsync();
        for (var i = 0; i < 20; i++)
        {
            var junk = SessionToken.Format("nosuchtenant", Grains.Domain.TokenCrypto.NewSessionId(), Grains.Domain.TokenCrypto.NewSecret());
            await (await api.UserClient(junk).GetAsync("/v1/me")).AssertProblemAsync(401, "token_invalid");
        }
        Assert.Equal(before, await ValidatedCountAsync()); // no session grain was asked
    }

    private async Task<double> ValidatedCountAsync()
    {
        var metrics = await (await api.CreateClient().GetAsync("/metrics")).Content.ReadAsStringAsync();
        return metrics.Split('\n')
            .Where(l => l.StartsWith("sessioncluster_sessions_validated_total", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task EveryAnswerThatCarriesATokenIsNeverCached()
    {
        var service = api.ServiceClient();
        var created = await service.PostAsJsonAsync("/v1/sessions", new { userId = TestTenants.NewUserId() });
        var body = await created.AssertOkAsync(201);
        var refreshed = await service.RefreshAsync(body.Str("refreshToken"));
        var link = await (await service.PostAsJsonAsync("/v1/device-links", new { device = new { name = "TV" } })).AssertOkAsync(201);
        var poll = await service.GetAsync($"/v1/device-links/{link.Str("linkId")}");

        foreach (var answer in new[] { created, refreshed, poll })
        {
            Assert.Equal("no-store", answer.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task OneSessionCannotHoldMoreThanItsShareOfEventStreams()
    {
        var session = await api.ServiceClient().CreateSessionAsync();
        var me = api.UserClient(session.Str("accessToken"));
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < 4; i++) // MaxStreamsPerSession
            {
                var stream = await me.GetAsync("/v1/me/events", HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal(200, (int)stream.StatusCode);
                open.Add(stream);
            }
            var refused = await me.GetAsync("/v1/me/events", HttpCompletionOption.ResponseHeadersRead);
            await refused.AssertProblemAsync(429, "rate_limited");
        }
        finally
        {
            open.ForEach(s => s.Dispose());
        }
    }
}
