using System.Net.Http.Json;
using System.Text.Json;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class DeviceLinksApiTests(ApiFactory api)
{
    private async Task<JsonElement> StartAsync(HttpClient service) =>
        await (await service.PostAsJsonAsync("/v1/device-links", new { device = new { id = "tv-" + Guid.NewGuid().ToString("N")[..6], name = "Living room TV", type = "tv" }, client = new { ip = "192.0.2.50", userAgent = "TV/1" } })).AssertOkAsync(201);

    private static Task<HttpResponseMessage> ApproveAsync(HttpClient service, string userCode, string accessToken) =>
        service.PostAsJsonAsync("/v1/device-links/approve", new { userCode, accessToken });

    private static async Task<JsonElement> PollAsync(HttpClient service, string linkId, int wait = 0) =>
        await (await service.GetAsync($"/v1/device-links/{linkId}?waitSeconds={wait}")).AssertOkAsync();

    [Fact]
    public async Task ANewDeviceReceivesItsOwnSessionExactlyOnceAfterApproval()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        var phone = await service.CreateSessionAsync(userId);
        var link = await StartAsync(service);
        var code = link.Str("userCode");
        Assert.Matches("^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$", code);
        Assert.Equal("pending", (await PollAsync(service, link.Str("linkId"))).Str("status"));

        // Typed on the phone, sloppily: lowercase, no dash.
        var approved = await (await ApproveAsync(service, code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), phone.Str("accessToken"))).AssertOkAsync();
        Assert.Equal((link.Str("linkId"), userId), (approved.Str("linkId"), approved.Str("userId")));

        var handed = await PollAsync(service, link.Str("linkId"));
        Assert.Equal("approved", handed.Str("status"));
        var tvSession = handed.GetProperty("session");
        Assert.Equal(userId, tvSession.Str("userId"));
        await (await service.ValidateAsync(tvSession.Str("accessToken"))).AssertOkAsync();
        await (await service.ValidateAsync(phone.Str("accessToken"))).AssertOkAsync(); // the phone stays signed in

        var again = await PollAsync(service, link.Str("linkId"));
        Assert.Equal("consumed", again.Str("status"));
        Assert.Equal(JsonValueKind.Null, again.GetProperty("session").ValueKind);

        var devices = await (await service.GetAsync($"/v1/users/{userId}/devices")).AssertOkAsync();
        var tv = devices.GetProperty("devices").EnumerateArray().Single(d => d.Str("deviceId") == tvSession.Str("deviceId"));
        Assert.Equal("link", tv.Str("linkedVia"));
        Assert.Equal("Living room TV", tv.Str("name"));
        var events = await (await service.GetAsync($"/v1/users/{userId}/events")).AssertOkAsync();
        Assert.Contains(events.GetProperty("events").EnumerateArray(), e => e.Str("type") == "device.linked");
    }

    [Fact]
    public async Task ALongPollAnswersWhenTheLinkIsApproved()
    {
        var service = api.ServiceClient();
        var phone = await service.CreateSessionAsync();
        var link = await StartAsync(service);

        var waiting = PollAsync(api.ServiceClient(), link.Str("linkId"), wait: 20);
        await (await ApproveAsync(service, link.Str("userCode"), phone.Str("accessToken"))).AssertOkAsync();

        Assert.Equal("approved", (await waiting).Str("status"));
    }

    [Fact]
    public async Task CodesExpire()
    {
        var service = api.ServiceClient();
        var phone = await service.CreateSessionAsync();
        var link = await StartAsync(service);

        api.Time.Advance(TimeSpan.FromMinutes(5));
        await (await service.PostAsync($"/v1/sessions/{phone.Str("sessionId")}/extend", null)).AssertOkAsync();

        await (await ApproveAsync(service, link.Str("userCode"), phone.Str("accessToken"))).AssertProblemAsync(410, "link_expired");
        Assert.Equal("expired", (await PollAsync(service, link.Str("linkId"))).Str("status"));
    }

    [Fact]
    public async Task CodesAreSingleUse()
    {
        var service = api.ServiceClient();
        var phone = await service.CreateSessionAsync();
        var stranger = await service.CreateSessionAsync();
        var link = await StartAsync(service);
        await (await ApproveAsync(service, link.Str("userCode"), phone.Str("accessToken"))).AssertOkAsync();

        await (await ApproveAsync(service, link.Str("userCode"), stranger.Str("accessToken"))).AssertProblemAsync(404, "link_not_found");
        var handed = await PollAsync(service, link.Str("linkId"));
        Assert.Equal(phone.Str("userId"), handed.GetProperty("session").Str("userId")); // the first approver's user, not the stranger's
        await (await ApproveAsync(service, link.Str("userCode"), phone.Str("accessToken"))).AssertProblemAsync(404, "link_not_found");
    }

    [Fact]
    public async Task AnotherTenantCanNeitherApproveNorSeeALink()
    {
        var acme = api.ServiceClient();
        var other = api.ServiceClient(TestTenants.OtherKey);
        var acmePhone = await acme.CreateSessionAsync();
        var otherPhone = await other.CreateSessionAsync();
        var link = await StartAsync(acme);

        await (await ApproveAsync(other, link.Str("userCode"), acmePhone.Str("accessToken"))).AssertProblemAsync(401, "token_invalid");
        await (await ApproveAsync(other, link.Str("userCode"), otherPhone.Str("accessToken"))).AssertProblemAsync(404, "link_not_found");
        await (await ApproveAsync(acme, link.Str("userCode"), otherPhone.Str("accessToken"))).AssertProblemAsync(401, "token_invalid");
        await (await other.GetAsync($"/v1/device-links/{link.Str("linkId")}")).AssertProblemAsync(404, "link_not_found");

        Assert.Equal("pending", (await PollAsync(acme, link.Str("linkId"))).Str("status"));
    }

    [Fact]
    public async Task GuessingCodesStopsThatSessionOnlyAndRightCodesNeverCount()
    {
        var service = api.ServiceClient(TestTenants.EvictingKey);
        var guesser = await service.CreateSessionAsync();
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            responses.Add(await ApproveAsync(service, $"BCDF-GH{"JKLMNPQRST"[i % 10]}{"VWXZ"[i % 4]}", guesser.Str("accessToken")));
        }

        Assert.All(responses.Take(5), r => Assert.Equal(404, (int)r.StatusCode));
        var limited = responses[5];
        await limited.AssertProblemAsync(429, "rate_limited");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // The same app, the same address, another user's session: not slowed, and its right codes are free.
        for (var i = 0; i < 7; i++)
        {
            var honest = await service.CreateSessionAsync();
            var link = await StartAsync(service);
            await (await ApproveAsync(service, link.Str("userCode"), honest.Str("accessToken"))).AssertOkAsync();
        }
    }

    [Theory]
    [InlineData("GET", "/v1/device-links/AAAAAAAAAAAAAAAAAAAAAA?waitSeconds=31", null, 400, "validation_failed")]
    [InlineData("GET", "/v1/device-links/AAAAAAAAAAAAAAAAAAAAAA?waitSeconds=-1", null, 400, "validation_failed")]
    [InlineData("GET", "/v1/device-links/not-a-link", null, 404, "link_not_found")]
    [InlineData("GET", "/v1/device-links/AAAAAAAAAAAAAAAAAAAAAA", null, 404, "link_not_found")]
    [InlineData("POST", "/v1/device-links/approve", "{}", 400, "validation_failed")]
    [InlineData("POST", "/v1/device-links/approve", "{\"userCode\":\"BCDF-GHJK\"}", 400, "validation_failed")]
    [InlineData("POST", "/v1/device-links/approve", "{\"userCode\":\"BCDF-GHJK\",\"accessToken\":\"nope\"}", 401, "token_invalid")]
    [InlineData("POST", "/v1/device-links", "{\"device\":{\"id\":\"\"}}", 400, "validation_failed")]
    public async Task BadLinkRequestsGetAProblem(string method, string path, string? body, int status, string code)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        await (await api.ServiceClient(TestTenants.OtherKey).SendAsync(request)).AssertProblemAsync(status, code);
    }
}
