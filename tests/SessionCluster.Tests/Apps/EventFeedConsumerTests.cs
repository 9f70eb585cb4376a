using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SessionCluster.AspNetCore.Caching;
using SessionCluster.AspNetCore.Client;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Apps;

/// <summary>
/// Push eviction over a real SSE connection: a feed server in the test (Kestrel on loopback) speaking the
/// <c>GET /v1/events</c> contract (<c>id:</c> = cursor, <c>Last-Event-ID</c> to resume, heartbeats). The API's own feed is
/// built on another branch; these tests hold the consumer to the contract.
/// </summary>
public sealed class EventFeedConsumerTests
{
    private sealed class FeedServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private Channel<string?> _events = Channel.CreateUnbounded<string?>();

        private FeedServer(WebApplication app) => _app = app;

        public Uri Address { get; private init; } = null!;

        public ConcurrentQueue<(string? ApiKey, string? LastEventId)> Connections { get; } = new();

        public static async Task<FeedServer> StartAsync()
        {
            var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(address.ToString());
            var app = builder.Build();
            var server = new FeedServer(app) { Address = address };
            app.MapGet("/v1/events", async (HttpContext context) =>
            {
                server.Connections.Enqueue((context.Request.Headers["X-Api-Key"].ToString(), context.Request.Headers["Last-Event-ID"].FirstOrDefault()));
                context.Response.ContentType = "text/event-stream";
                await context.Response.WriteAsync("event: heartbeat\ndata: {}\n\n");
                await context.Response.Body.FlushAsync();
                var events = server._events;
                await foreach (var frame in events.Reader.ReadAllAsync(context.RequestAborted))
                {
                    if (frame is null)
                    {
                        return; // the feed drops the connection
                    }
                    await context.Response.WriteAsync(frame);
                    await context.Response.Body.FlushAsync();
                }
            });
            await app.StartAsync();
            return server;
        }

        public ValueTask SendAsync(string cursor, string type, string userId, string? sessionId) =>
            _events.Writer.WriteAsync($"id: {cursor}\nevent: {type}\ndata: {JsonSerializer.Serialize(new { id = cursor, type, userId, sessionId, cursor })}\n\n");

        /// <summary>Ends the open stream; the next connection gets a fresh one.</summary>
        public void Drop()
        {
            var old = _events;
            _events = Channel.CreateUnbounded<string?>();
            old.Writer.TryWrite(null);
        }

        public async ValueTask DisposeAsync()
        {
            _events.Writer.TryComplete();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(condition(), $"timed out waiting for {what}");
    }

    private static HttpRequestMessage Me(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Fact]
    public async Task ARevokeOnTheFeedEvictsAtOnceAndADroppedFeedResumesFromItsCursor()
    {
        await using var feed = await FeedServer.StartAsync();
        // Real time here: the consumer's reconnect backoff runs on it. A bound of a minute shows eviction is the feed's doing.
        await using var host = await HandlerHost.StartAsync(o => { o.CacheValidations = true; o.MaxStaleness = TimeSpan.FromMinutes(1); },
            baseUrl: feed.Address, timeProvider: TimeProvider.System);
        var consumer = host.Services.GetRequiredService<EventFeedConsumer>();
        await WaitUntilAsync(() => consumer.Connected, "the feed connection");
        Assert.True(feed.Connections.TryPeek(out var first));
        Assert.Equal("test-key", first.ApiKey);
        Assert.Null(first.LastEventId);

        var token = SessionToken.Format("acme", Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)), Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)));
        var session = FakeSessionClusterClient.Session("ann");
        host.Cluster.Answers[token] = () => session;
        await (await host.Client.SendAsync(Me(token))).AssertOkAsync();
        await (await host.Client.SendAsync(Me(token))).AssertOkAsync();
        Assert.Equal(1, host.Cluster.Validations);

        host.Cluster.Answers[token] = () => throw new SessionClusterException(401, "session_revoked", "revoked");
        await feed.SendAsync("c-1", "session.revoked", "ann", session.SessionId);
        await WaitUntilAsync(() => consumer.EventsSeen >= 1, "the revoke event");
        await (await host.Client.SendAsync(Me(token))).AssertProblemAsync(401, "session_revoked");

        // The feed goes down and comes back: the consumer resumes after the last event it saw.
        feed.Drop();
        await WaitUntilAsync(() => feed.Connections.Count >= 2, "a reconnection");
        Assert.Equal("c-1", feed.Connections.Last().LastEventId);
        await WaitUntilAsync(() => consumer.Connected, "the feed connection again");

        var other = FakeSessionClusterClient.Session("ann");
        var token2 = SessionToken.Format("acme", other.SessionId.PadRight(22, 'a')[..22], Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)));
        host.Cluster.Answers[token2] = () => other;
        await (await host.Client.SendAsync(Me(token2))).AssertOkAsync();
        host.Cluster.Answers[token2] = () => throw new SessionClusterException(401, "session_revoked", "revoked");
        await feed.SendAsync("c-2", "device.removed", "ann", null);
        await WaitUntilAsync(() => consumer.EventsSeen >= 2, "the device event");
        await (await host.Client.SendAsync(Me(token2))).AssertProblemAsync(401, "session_revoked");
    }
}
