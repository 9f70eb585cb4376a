using System.Net.Http.Json;
using System.Text.RegularExpressions;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed partial class SessionsApiTests(ApiFactory api)
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex UtcMillis();

    [Fact]
    public async Task CreateAnswers201WithTheSessionAndItsTokens()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();

        var response = await service.PostAsJsonAsync("/v1/sessions", new
        {
            userId,
            device = new { id = "phone-1", name = "Anna's phone", type = "mobile" },
            client = new { ip = "192.0.2.7", userAgent = "App/1.0" },
            data = new { cart = 3 },
            rememberMe = true,
            unknownField = "ignored",
        });

        var session = await response.AssertOkAsync(201);
        Assert.Equal($"/v1/sessions/{session.Str("sessionId")}", response.Headers.Location?.OriginalString);
        Assert.Equal(userId, session.Str("userId"));
        Assert.Equal("phone-1", session.Str("deviceId"));
        Assert.Equal("Anna's phone", session.GetProperty("device").Str("name"));
        Assert.Equal("active", session.Str("status"));
        Assert.Equal(1, session.GetProperty("aal").GetInt32());
        Assert.False(session.GetProperty("expiresSoon").GetBoolean());
        Assert.Equal("192.0.2.7", session.GetProperty("client").Str("ip"));
        foreach (var stamp in new[] { "createdAt", "lastSeenAt", "idleExpiresAt", "absoluteExpiresAt", "accessTokenExpiresAt" })
        {
            Assert.Matches(UtcMillis(), session.Str(stamp));
        }
        Assert.Equal(DateTimeOffset.Parse(session.Str("createdAt")).AddDays(30), DateTimeOffset.Parse(session.Str("absoluteExpiresAt")));
        foreach (var token in new[] { "accessToken", "refreshToken", "csrfToken" })
        {
            Assert.False(string.IsNullOrEmpty(session.Str(token)));
        }
    }

    [Fact]
    public async Task ValidateRefreshAndRevokeOverHttp()
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync();
        var id = session.Str("sessionId");

        var validated = await (await service.ValidateAsync(session.Str("accessToken"))).AssertOkAsync();
        Assert.Equal(id, validated.Str("sessionId"));
        Assert.False(validated.TryGetProperty("accessToken", out _)); // a view never carries tokens

        var refreshed = await (await service.RefreshAsync(session.Str("refreshToken"))).AssertOkAsync();
        Assert.NotEqual(session.Str("accessToken"), refreshed.Str("accessToken"));
        await (await service.ValidateAsync(session.Str("accessToken"))).AssertProblemAsync(401, "token_invalid");
        await (await service.ValidateAsync(refreshed.Str("accessToken"))).AssertOkAsync();

        Assert.Equal(204, (int)(await service.DeleteAsync($"/v1/sessions/{id}")).StatusCode);
        Assert.Equal(204, (int)(await service.DeleteAsync($"/v1/sessions/{id}")).StatusCode); // idempotent
        await (await service.ValidateAsync(refreshed.Str("accessToken"))).AssertProblemAsync(401, "session_revoked");
        await (await service.RefreshAsync(refreshed.Str("refreshToken"))).AssertProblemAsync(401, "session_revoked");
        await (await service.PostAsync($"/v1/sessions/{id}/extend", null)).AssertProblemAsync(410, "session_revoked");
        var dead = await (await service.GetAsync($"/v1/sessions/{id}")).AssertOkAsync();
        Assert.Equal("revoked", dead.Str("status"));
    }

    [Fact]
    public async Task ReusedRefreshTokenAfterTheGraceIsRefusedAndEndsTheSession()
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync();
        var first = await (await service.RefreshAsync(session.Str("refreshToken"))).AssertOkAsync();
        var again = await (await service.RefreshAsync(session.Str("refreshToken"))).AssertOkAsync();
        Assert.Equal(first.Str("accessToken"), again.Str("accessToken"));
        Assert.Equal(first.Str("refreshToken"), again.Str("refreshToken"));

        api.Time.Advance(TimeSpan.FromSeconds(11));

        await (await service.RefreshAsync(session.Str("refreshToken"))).AssertProblemAsync(401, "refresh_token_reused");
        await (await service.ValidateAsync(first.Str("accessToken"))).AssertProblemAsync(401, "session_revoked");
    }

    [Fact]
    public async Task ExpiredSessionsAndAccessTokensAnswerWithTheirCodes()
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync();
        var id = session.Str("sessionId");

        api.Time.Advance(TimeSpan.FromMinutes(16));
        await (await service.ValidateAsync(session.Str("accessToken"))).AssertProblemAsync(401, "access_token_expired");

        api.Time.Advance(TimeSpan.FromMinutes(15));
        await (await service.ValidateAsync(session.Str("accessToken"))).AssertProblemAsync(401, "session_expired");
        await (await service.RefreshAsync(session.Str("refreshToken"))).AssertProblemAsync(401, "session_expired");
        await (await service.PostAsync($"/v1/sessions/{id}/extend", null)).AssertProblemAsync(410, "session_expired");
        Assert.Equal("expired", (await (await service.GetAsync($"/v1/sessions/{id}")).AssertOkAsync()).Str("status"));
    }

    [Fact]
    public async Task ExtendRenewsTheIdleWindow()
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync();
        api.Time.Advance(TimeSpan.FromMinutes(10));

        var extended = await (await service.PostAsync($"/v1/sessions/{session.Str("sessionId")}/extend", null)).AssertOkAsync();

        Assert.Equal(api.Time.GetUtcNow().AddMinutes(30), DateTimeOffset.Parse(extended.Str("idleExpiresAt")));
    }

    [Fact]
    public async Task ReadingASessionIsNotActivity()
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync();
        api.Time.Advance(TimeSpan.FromMinutes(5));

        var read = await (await service.GetAsync($"/v1/sessions/{session.Str("sessionId")}")).AssertOkAsync();

        Assert.Equal(session.Str("lastSeenAt"), read.Str("lastSeenAt"));
    }

    [Fact]
    public async Task HashedApiKeyAuthenticatesLikeAPlainOne()
    {
        var session = await api.ServiceClient(TestTenants.AcmeHashedPlainKey).CreateSessionAsync();

        await (await api.ServiceClient().ValidateAsync(session.Str("accessToken"))).AssertOkAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key")]
    [InlineData("sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task MissingOrWrongApiKeyIs401(string? key)
    {
        var client = api.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
        var userId = TestTenants.NewUserId();

        await (await client.PostAsJsonAsync("/v1/sessions", new { userId })).AssertProblemAsync(401, "api_key_invalid");
        await (await client.GetAsync($"/v1/users/{userId}/sessions")).AssertProblemAsync(401, "api_key_invalid");
        Assert.Equal(0, await api.ServiceClient().ActiveSessionCountAsync(userId));
    }

    [Fact]
    public async Task AnotherTenantCanNeitherSeeNorUseNorEndASession()
    {
        var acme = api.ServiceClient();
        var other = api.ServiceClient(TestTenants.OtherKey);
        var userId = TestTenants.NewUserId();
        var session = await acme.CreateSessionAsync(userId);
        var id = session.Str("sessionId");

        var read = await (await other.GetAsync($"/v1/sessions/{id}")).AssertProblemAsync(404, "session_not_found");
        var missing = await (await other.GetAsync($"/v1/sessions/{Grains.Domain.TokenCrypto.NewSessionId()}")).AssertProblemAsync(404, "session_not_found");
        Assert.Equal(missing.Str("title"), read.Str("title")); // indistinguishable from a missing session
        await (await other.ValidateAsync(session.Str("accessToken"))).AssertProblemAsync(401, "token_invalid");
        await (await other.RefreshAsync(session.Str("refreshToken"))).AssertProblemAsync(401, "token_invalid");
        await (await other.PostAsync($"/v1/sessions/{id}/extend", null)).AssertProblemAsync(404, "session_not_found");
        Assert.Equal(204, (int)(await other.DeleteAsync($"/v1/sessions/{id}")).StatusCode);
        Assert.Equal(0, await other.ActiveSessionCountAsync(userId));
        Assert.Equal(0, (await (await other.DeleteAsync($"/v1/users/{userId}/sessions")).AssertOkAsync()).GetProperty("revoked").GetInt32());

        // Nothing happened to it.
        await (await acme.ValidateAsync(session.Str("accessToken"))).AssertOkAsync();
        await (await acme.RefreshAsync(session.Str("refreshToken"))).AssertOkAsync();
    }

    [Fact]
    public async Task UserSessionsCanBeListedAndRevokedExceptOne()
    {
        var service = api.ServiceClient();
        var userId = "user/with spaces+" + Guid.NewGuid().ToString("N")[..6];
        var keep = await service.CreateSessionAsync(userId);
        await service.CreateSessionAsync(userId);
        await service.CreateSessionAsync(userId);
        var path = $"/v1/users/{Uri.EscapeDataString(userId)}/sessions";

        Assert.Equal(3, await service.ActiveSessionCountAsync(userId));
        var revoked = await (await service.DeleteAsync($"{path}?except={keep.Str("sessionId")}")).AssertOkAsync();

        Assert.Equal(2, revoked.GetProperty("revoked").GetInt32());
        var list = await (await service.GetAsync(path)).AssertOkAsync();
        Assert.Equal(keep.Str("sessionId"), Assert.Single(list.GetProperty("sessions").EnumerateArray()).Str("sessionId"));
    }

    [Fact]
    public async Task SessionLimitAnswers409()
    {
        var service = api.ServiceClient(TestTenants.LimitedKey);
        var userId = TestTenants.NewUserId();
        await service.CreateSessionAsync(userId);
        await service.CreateSessionAsync(userId);

        await (await service.PostAsJsonAsync("/v1/sessions", new { userId })).AssertProblemAsync(409, "session_limit_reached");
        Assert.Equal(2, await service.ActiveSessionCountAsync(userId));
    }
}
