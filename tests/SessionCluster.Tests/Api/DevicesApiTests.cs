using System.Net.Http.Json;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class DevicesApiTests(ApiFactory api)
{
    private static async Task<System.Text.Json.JsonElement> SignInAsync(HttpClient service, string userId, string deviceId, string name) =>
        await (await service.PostAsJsonAsync("/v1/sessions", new { userId, device = new { id = deviceId, name, type = "browser" } })).AssertOkAsync(201);

    [Fact]
    public async Task DevicesAreListedWithTheirActiveSessions()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        await SignInAsync(service, userId, "laptop", "Laptop");
        await SignInAsync(service, userId, "laptop", "Laptop");
        await SignInAsync(service, userId, "phone", "Phone");

        var list = await (await service.GetAsync($"/v1/users/{userId}/devices")).AssertOkAsync();

        var devices = list.GetProperty("devices").EnumerateArray().ToDictionary(d => d.Str("deviceId"));
        Assert.Equal(2, devices["laptop"].GetProperty("activeSessions").GetInt32());
        Assert.Equal(1, devices["phone"].GetProperty("activeSessions").GetInt32());
        Assert.Equal("login", devices["phone"].Str("linkedVia"));
        Assert.Equal("Phone", devices["phone"].Str("name"));
        Assert.True(DateTimeOffset.Parse(devices["laptop"].Str("firstSeenAt")) <= DateTimeOffset.Parse(devices["laptop"].Str("lastSeenAt")));
    }

    [Fact]
    public async Task RemovingADeviceRevokesOnlyItsSessions()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        var laptop = await SignInAsync(service, userId, "laptop", "Laptop");
        var phone = await SignInAsync(service, userId, "phone", "Phone");

        Assert.Equal(204, (int)(await service.DeleteAsync($"/v1/users/{userId}/devices/phone")).StatusCode);

        await (await service.ValidateAsync(phone.Str("accessToken"))).AssertProblemAsync(401, "session_revoked");
        await (await service.ValidateAsync(laptop.Str("accessToken"))).AssertOkAsync();
        var devices = await (await service.GetAsync($"/v1/users/{userId}/devices")).AssertOkAsync();
        Assert.Equal(["laptop"], devices.GetProperty("devices").EnumerateArray().Select(d => d.Str("deviceId")));
        await (await service.DeleteAsync($"/v1/users/{userId}/devices/phone")).AssertProblemAsync(404, "device_not_found");
        await (await api.ServiceClient(TestTenants.OtherKey).DeleteAsync($"/v1/users/{userId}/devices/laptop")).AssertProblemAsync(404, "device_not_found");
    }

    [Fact]
    public async Task ASignInFromANewDeviceRaisesASecurityAlert()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        await SignInAsync(service, userId, "laptop", "Laptop");
        await SignInAsync(service, userId, "laptop", "Laptop");
        await SignInAsync(service, userId, "tablet", "Tablet");

        var events = await (await service.GetAsync($"/v1/users/{userId}/events")).AssertOkAsync();

        var alerts = events.GetProperty("events").EnumerateArray().Where(e => e.Str("type") == "security.alert").ToList();
        var alert = Assert.Single(alerts);
        Assert.Equal("new_device", alert.GetProperty("detail").Str("reason"));
        Assert.Equal("tablet", alert.Str("deviceId"));
    }

    [Fact]
    public async Task ErasingAUserRemovesEverything()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        var a = await SignInAsync(service, userId, "laptop", "Laptop");
        var b = await SignInAsync(service, userId, "phone", "Phone");
        var bystander = await service.CreateSessionAsync();

        Assert.Equal(204, (int)(await service.DeleteAsync($"/v1/users/{userId}")).StatusCode);

        Assert.Equal(0, await service.ActiveSessionCountAsync(userId));
        Assert.Empty((await (await service.GetAsync($"/v1/users/{userId}/devices")).AssertOkAsync()).GetProperty("devices").EnumerateArray());
        Assert.Empty((await (await service.GetAsync($"/v1/users/{userId}/events")).AssertOkAsync()).GetProperty("events").EnumerateArray());
        foreach (var session in new[] { a, b })
        {
            await (await service.ValidateAsync(session.Str("accessToken"))).AssertProblemAsync(401, "token_invalid");
            await (await service.GetAsync($"/v1/sessions/{session.Str("sessionId")}")).AssertProblemAsync(404, "session_not_found");
        }
        await (await service.ValidateAsync(bystander.Str("accessToken"))).AssertOkAsync();
    }
}
