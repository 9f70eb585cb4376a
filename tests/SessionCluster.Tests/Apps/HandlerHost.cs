using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using SessionCluster.AspNetCore.Authentication;
using SessionCluster.AspNetCore.Client;

namespace SessionCluster.Tests.Apps;

/// <summary>
/// A small app behind the handler (in memory, TestServer) whose cluster is <see cref="FakeSessionClusterClient"/>:
/// <c>/me</c> needs a session, <c>/secure</c> needs AAL2, both answer the principal's claims. A test header
/// <c>X-Test-Remote</c> sets the caller's address (TestServer has none).
/// </summary>
internal sealed class HandlerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HandlerHost(WebApplication app, FakeSessionClusterClient cluster, FakeTimeProvider time)
    {
        _app = app;
        Cluster = cluster;
        Time = time;
        Client = app.GetTestClient();
    }

    public FakeSessionClusterClient Cluster { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<HandlerHost> StartAsync(Action<SessionClusterAuthenticationOptions>? configure = null, ISessionClusterClient? cluster = null, Uri? baseUrl = null, TimeProvider? timeProvider = null)
    {
        var fake = new FakeSessionClusterClient();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["SessionCluster:Client:BaseUrl"] = baseUrl?.ToString() ?? "http://127.0.0.1:9";
        builder.Configuration["SessionCluster:Client:ApiKey"] = "test-key";
        builder.Services.AddSingleton(timeProvider ?? time);
        builder.Services.AddAuthentication().AddSessionCluster(configure);
        builder.Services.AddSingleton<ISessionClusterClient>(cluster ?? fake);
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers["X-Test-Remote"].ToString() is { Length: > 0 } remote)
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
            }
            return next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapMethods("/me", ["GET", "POST"], (HttpContext c) => Results.Ok(Claims(c))).RequireAuthorization();
        app.MapGet("/secure", (HttpContext c) => Results.Ok(Claims(c))).RequireAal2();
        app.MapPost("/sign-out", async (HttpContext c) => { await c.SignOutOfSessionClusterAsync(); return Results.NoContent(); });
        await app.StartAsync();
        return new HandlerHost(app, fake, time);
    }

    private static Dictionary<string, string> Claims(HttpContext context) =>
        context.User.Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.First().Value);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
