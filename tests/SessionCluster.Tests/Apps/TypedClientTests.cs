using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SessionCluster.AspNetCore;
using SessionCluster.AspNetCore.Client;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Apps;

/// <summary>The typed client and the handler against a real API process (embedded mode).</summary>
[Collection(ApiProcessCollection.Name)]
public sealed class TypedClientTests(ApiProcessFixture api)
{
    private ServiceProvider Services(Uri? baseUrl = null, string apiKey = TestTenants.AcmeKey)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddSessionClusterClient(o =>
        {
            o.BaseUrl = baseUrl ?? api.Address;
            o.ApiKey = apiKey;
        });
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task TheServiceEndpointsAnswerThroughTheTypedClient()
    {
        await using var services = Services();
        var client = services.GetRequiredService<ISessionClusterClient>();
        var userId = TestTenants.NewUserId();
        var issued = await client.CreateSessionAsync(new NewSession
        {
            UserId = userId,
            Device = new DeviceDetails(Name: "Test laptop", Type: "desktop"),
            Client = new ClientDetails("203.0.113.7", "TypedClient/1.0"),
            Data = JsonSerializer.SerializeToElement(new { cart = 1 }),
        });
        Assert.Equal(userId, issued.UserId);
        Assert.DoesNotContain(issued.AccessToken, issued.ToString(), StringComparison.Ordinal);

        var validated = await client.ValidateAsync(issued.AccessToken, new ClientDetails("203.0.113.7", "TypedClient/1.0"));
        Assert.Equal(issued.SessionId, validated.SessionId);
        Assert.Equal("active", validated.Status);
        Assert.Equal(1, validated.Aal);

        var data = await client.GetDataAsync(issued.SessionId);
        Assert.Equal(1, data.Data.GetProperty("cart").GetInt32());
        var written = await client.PutDataAsync(issued.SessionId, JsonSerializer.SerializeToElement(new { cart = 2 }), data.Version);
        Assert.Equal(data.Version + 1, written.Version);
        var conflict = await Assert.ThrowsAsync<SessionClusterException>(() =>
            client.PutDataAsync(issued.SessionId, JsonSerializer.SerializeToElement(new { cart = 3 }), data.Version));
        Assert.Equal((412, "version_conflict"), (conflict.Status, conflict.Code));

        var refreshed = await client.RefreshAsync(issued.RefreshToken);
        Assert.NotEqual(issued.AccessToken, refreshed.AccessToken);
        var stale = await Assert.ThrowsAsync<SessionClusterException>(() => client.ValidateAsync(issued.AccessToken));
        Assert.Equal((401, "token_invalid"), (stale.Status, stale.Code));
        Assert.True(stale.EndsSession);

        Assert.Equal(issued.SessionId, (await client.ExtendSessionAsync(issued.SessionId)).SessionId);
        Assert.Equal(issued.SessionId, (await client.GetSessionAsync(issued.SessionId)).SessionId);
        Assert.Single(await client.ListUserSessionsAsync(userId));
        Assert.Equal("Test laptop", Assert.Single(await client.ListDevicesAsync(userId)).Name);
        Assert.Contains(await client.ListUserEventsAsync(userId), e => e.Type == "session.created" && e.SessionId == issued.SessionId);
        var enrolment = await client.EnrolTotpAsync(userId);
        Assert.StartsWith("otpauth://totp/", enrolment.OtpauthUri, StringComparison.Ordinal);
        var badCode = await Assert.ThrowsAsync<SessionClusterException>(() => client.ConfirmTotpAsync(userId, "000000"));
        Assert.Equal("mfa_code_invalid", badCode.Code);

        var link = await client.StartDeviceLinkAsync(new DeviceDetails(Name: "TV"));
        Assert.Equal("pending", (await client.PollDeviceLinkAsync(link.LinkId)).Status);
        var approval = await client.ApproveDeviceLinkAsync(link.UserCode, refreshed.AccessToken);
        Assert.Equal(userId, approval.UserId);
        var collected = await client.PollDeviceLinkAsync(link.LinkId);
        Assert.Equal("approved", collected.Status);
        Assert.NotNull(collected.Session?.AccessToken);

        Assert.Equal(2, await client.RevokeUserSessionsAsync(userId));
        var revoked = await Assert.ThrowsAsync<SessionClusterException>(() => client.ValidateAsync(refreshed.AccessToken));
        Assert.Equal((401, "session_revoked"), (revoked.Status, revoked.Code));
        await client.RevokeSessionAsync(issued.SessionId); // idempotent
        await client.EraseUserAsync(userId);
        Assert.Empty(await client.ListUserSessionsAsync(userId));
    }

    [Fact]
    public async Task AWrongKeyIsAProblemAndAnUnreachableClusterIsAnOutage()
    {
        await using var wrongKey = Services(apiKey: "not-a-key");
        var refused = await Assert.ThrowsAsync<SessionClusterException>(() => wrongKey.GetRequiredService<ISessionClusterClient>().ListUserSessionsAsync("u"));
        Assert.Equal((401, "api_key_invalid"), (refused.Status, refused.Code));

        await using var closed = Services(baseUrl: new Uri($"http://127.0.0.1:{FreePort.Next()}"));
        var down = await Assert.ThrowsAsync<SessionClusterUnavailableException>(() => closed.GetRequiredService<ISessionClusterClient>().ValidateAsync("acme.x.y"));
        Assert.Equal(503, down.Status);
    }

    [Fact]
    public async Task SignInSetsCookieModesCookiesAndTheCookieThenAuthenticates()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["SessionCluster:Client:BaseUrl"] = api.Address.ToString();
        builder.Configuration["SessionCluster:Client:ApiKey"] = TestTenants.AcmeKey;
        builder.Services.AddAuthentication().AddSessionCluster();
        builder.Services.AddAuthorization();
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPost("/login", async (HttpContext c, string user, bool remember) =>
            (await c.SignInToSessionClusterAsync(user, new SignInOptions { RememberMe = remember, Device = new DeviceDetails(Name: "Browser") })).SessionId);
        app.MapGet("/me", (ClaimsPrincipal user) => user.Identity!.Name).RequireAuthorization();
        app.MapPost("/logout", async (HttpContext c) => { await c.SignOutOfSessionClusterAsync(); return Results.NoContent(); });
        await app.StartAsync();
        var http = app.GetTestClient();
        var userId = TestTenants.NewUserId();

        using var login = new HttpRequestMessage(HttpMethod.Post, $"/login?user={userId}&remember=false");
        login.Headers.UserAgent.ParseAdd("SignInTest/2.0");
        var response = await http.SendAsync(login);
        var sessionId = (await response.Content.ReadAsStringAsync()).Trim('"');
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        var access = Assert.Single(cookies, c => c.StartsWith("__Host-sc-access=", StringComparison.Ordinal));
        var refresh = Assert.Single(cookies, c => c.StartsWith("__Secure-sc-refresh=", StringComparison.Ordinal));
        var csrf = Assert.Single(cookies, c => c.StartsWith("__Host-sc-csrf=", StringComparison.Ordinal));
        Assert.Equal("path=/; secure; samesite=lax; httponly", access[(access.IndexOf(';') + 2)..].ToLowerInvariant());
        Assert.Equal("path=/v1/me/refresh; secure; samesite=strict; httponly", refresh[(refresh.IndexOf(';') + 2)..].ToLowerInvariant());
        Assert.Equal("path=/; secure; samesite=lax", csrf[(csrf.IndexOf(';') + 2)..].ToLowerInvariant());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());

        // The session carries the browser's client as the app saw it.
        await using var services = Services();
        var view = await services.GetRequiredService<ISessionClusterClient>().GetSessionAsync(sessionId);
        Assert.Equal("SignInTest/2.0", view.Client?.UserAgent);

        string Value(string setCookie) => setCookie[(setCookie.IndexOf('=') + 1)..setCookie.IndexOf(';')];
        var cookieHeader = $"__Host-sc-access={Value(access)}; __Host-sc-csrf={Value(csrf)}";
        using var me = new HttpRequestMessage(HttpMethod.Get, "/me");
        me.Headers.Add("Cookie", cookieHeader);
        Assert.Equal(userId, await (await http.SendAsync(me)).Content.ReadAsStringAsync());

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/logout");
        logout.Headers.Add("Cookie", cookieHeader);
        logout.Headers.Add("X-CSRF-Token", Value(csrf));
        Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(logout)).StatusCode);
        using var after = new HttpRequestMessage(HttpMethod.Get, "/me");
        after.Headers.Add("Cookie", cookieHeader);
        await (await http.SendAsync(after)).AssertProblemAsync(401, "session_revoked");
        await app.StopAsync();
    }
}
