using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SessionCluster.AspNetCore.Caching;
using SessionCluster.AspNetCore.Client;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Apps;

/// <summary>
/// Push eviction against the real tenant feed: an app with the cache on (a bound of a minute) in front of a real API
/// process; a revoke made elsewhere (the service API, not this app) ends the cached session within seconds.
/// </summary>
[Collection(ApiProcessCollection.Name)]
public sealed class FeedEvictionProcessTests(ApiProcessFixture api)
{
    [Fact]
    public async Task ARevokeElsewhereReachesTheAppsCacheThroughTheFeed()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["SessionCluster:Client:BaseUrl"] = api.Address.ToString();
        builder.Configuration["SessionCluster:Client:ApiKey"] = TestTenants.AcmeKey;
        builder.Services.AddAuthentication().AddSessionCluster(o =>
        {
            o.CacheValidations = true;
            o.MaxStaleness = TimeSpan.FromMinutes(1);
        });
        builder.Services.AddAuthorization();
        await using var app = builder.Build();
        app.MapGet("/hello", (ClaimsPrincipal user) => $"Hello {user.Identity!.Name}").RequireAuthorization();
        await app.StartAsync();
        var consumer = app.Services.GetRequiredService<EventFeedConsumer>();
        for (var i = 0; i < 100 && !consumer.Connected; i++)
        {
            await Task.Delay(100);
        }
        Assert.True(consumer.Connected, "the feed did not connect:\n" + api.Tail());

        var client = app.Services.GetRequiredService<ISessionClusterClient>();
        var userId = TestTenants.NewUserId();
        var issued = await client.CreateSessionAsync(new NewSession { UserId = userId });
        var http = app.GetTestClient();
        async Task<HttpResponseMessage> HelloAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/hello");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issued.AccessToken);
            return await http.SendAsync(request);
        }
        Assert.Equal($"Hello {userId}", await (await HelloAsync()).Content.ReadAsStringAsync());
        Assert.Equal(1, app.Services.GetRequiredService<ValidationCache>().Count);

        await client.RevokeSessionAsync(issued.SessionId);
        var started = DateTime.UtcNow;
        HttpResponseMessage? last = null;
        for (var i = 0; i < 100; i++)
        {
            last = await HelloAsync();
            if ((int)last.StatusCode == 401)
            {
                break;
            }
            await Task.Delay(100);
        }
        await last!.AssertProblemAsync(401, "session_revoked");
        // Well inside the one-minute bound: the feed, not the bound, ended it.
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        await app.StopAsync();
    }
}
