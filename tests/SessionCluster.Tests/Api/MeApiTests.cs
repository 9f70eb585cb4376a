using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class MeApiTests(ApiFactory api)
{
    [Fact]
    public async Task BearerTokenShowsTheCallersSessionAndCountsAsActivity()
    {
        var session = await api.ServiceClient().CreateSessionAsync();
        api.Time.Advance(TimeSpan.FromMinutes(5));

        var me = await (await api.UserClient(session.Str("accessToken")).GetAsync("/v1/me")).AssertOkAsync();

        Assert.Equal(session.Str("sessionId"), me.Str("sessionId"));
        Assert.Equal(api.Time.GetUtcNow(), DateTimeOffset.Parse(me.Str("lastSeenAt")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer acme.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task MissingOrBadBearerIs401TokenInvalid(string? authorization)
    {
        var client = api.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.GetAsync("/v1/me");

        await response.AssertProblemAsync(401, "token_invalid");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        await (await client.PostAsync("/v1/me/logout", null)).AssertProblemAsync(401, "token_invalid");
    }

    [Fact]
    public async Task MySessionsMarksTheCurrentOne()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        var mine = await service.CreateSessionAsync(userId);
        var other = await service.CreateSessionAsync(userId);

        var list = await (await api.UserClient(mine.Str("accessToken")).GetAsync("/v1/me/sessions")).AssertOkAsync();

        var sessions = list.GetProperty("sessions").EnumerateArray().ToDictionary(s => s.Str("sessionId"), s => s.GetProperty("current").GetBoolean());
        Assert.Equal(2, sessions.Count);
        Assert.True(sessions[mine.Str("sessionId")]);
        Assert.False(sessions[other.Str("sessionId")]);
    }

    [Fact]
    public async Task LogoutEndsOnlyTheCallersSession()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        var mine = await service.CreateSessionAsync(userId);
        var other = await service.CreateSessionAsync(userId);
        var me = api.UserClient(mine.Str("accessToken"));

        Assert.Equal(204, (int)(await me.PostAsync("/v1/me/logout", null)).StatusCode);

        await (await me.GetAsync("/v1/me")).AssertProblemAsync(401, "session_revoked");
        await (await api.UserClient(other.Str("accessToken")).GetAsync("/v1/me")).AssertOkAsync();
    }

    [Fact]
    public async Task LogoutOthersKeepsTheCallersSession()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        var mine = await service.CreateSessionAsync(userId);
        var others = new[] { await service.CreateSessionAsync(userId), await service.CreateSessionAsync(userId) };
        var me = api.UserClient(mine.Str("accessToken"));

        var result = await (await me.PostAsync("/v1/me/logout-others", null)).AssertOkAsync();

        Assert.Equal(2, result.GetProperty("revoked").GetInt32());
        await (await me.GetAsync("/v1/me")).AssertOkAsync();
        foreach (var other in others)
        {
            await (await api.UserClient(other.Str("accessToken")).GetAsync("/v1/me")).AssertProblemAsync(401, "session_revoked");
        }
    }

    [Fact]
    public async Task AUserCanEndTheirOwnOtherSessionsButNobodyElses()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        var mine = await service.CreateSessionAsync(userId);
        var myOther = await service.CreateSessionAsync(userId);
        var stranger = await service.CreateSessionAsync();
        var foreignTenant = await api.ServiceClient(TestTenants.OtherKey).CreateSessionAsync(userId);
        var me = api.UserClient(mine.Str("accessToken"));

        await (await me.DeleteAsync($"/v1/me/sessions/{stranger.Str("sessionId")}")).AssertProblemAsync(404, "session_not_found");
        await (await me.DeleteAsync($"/v1/me/sessions/{foreignTenant.Str("sessionId")}")).AssertProblemAsync(404, "session_not_found");
        await (await me.DeleteAsync("/v1/me/sessions/not-a-session-id")).AssertProblemAsync(404, "session_not_found");
        Assert.Equal(204, (int)(await me.DeleteAsync($"/v1/me/sessions/{myOther.Str("sessionId")}")).StatusCode);

        await (await api.UserClient(stranger.Str("accessToken")).GetAsync("/v1/me")).AssertOkAsync();
        await (await api.UserClient(foreignTenant.Str("accessToken")).GetAsync("/v1/me")).AssertOkAsync();
        await (await api.UserClient(myOther.Str("accessToken")).GetAsync("/v1/me")).AssertProblemAsync(401, "session_revoked");
    }

    [Fact]
    public async Task ExtendRenewsTheCallersIdleWindow()
    {
        var session = await api.ServiceClient().CreateSessionAsync();
        api.Time.Advance(TimeSpan.FromMinutes(3));

        var extended = await (await api.UserClient(session.Str("accessToken")).PostAsync("/v1/me/extend", null)).AssertOkAsync();

        Assert.Equal(api.Time.GetUtcNow().AddMinutes(30), DateTimeOffset.Parse(extended.Str("idleExpiresAt")));
    }
}
