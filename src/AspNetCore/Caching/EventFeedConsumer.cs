using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionCluster.AspNetCore.Client;

namespace SessionCluster.AspNetCore.Caching;

/// <summary>
/// With the cache on: reads the tenant's event feed (<c>GET /v1/events</c>, server-sent events) and evicts cached
/// validations the moment a session is revoked, expires, is refreshed or steps up, a device is removed or a user is
/// erased. Resumes from the last cursor (<c>Last-Event-ID</c>) after a drop, with backoff; while it is down the
/// cache's bound is <c>MaxStaleness</c>, as it always is.
/// </summary>
internal sealed class EventFeedConsumer(IHttpClientFactory httpClients, ValidationCache cache, TimeProvider time, ILogger<EventFeedConsumer> logger) : BackgroundService
{
    public const string HttpClientName = "SessionCluster.Events";

    private static readonly TimeSpan MinDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private string? _cursor;

    /// <summary>True while the feed is connected (for health checks and tests).</summary>
    public bool Connected { get; private set; }

    /// <summary>Feed events seen (heartbeats excluded).</summary>
    public long EventsSeen => Interlocked.Read(ref _eventsSeen);

    private long _eventsSeen;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = MinDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            string reason;
            try
            {
                await ReadAsync(stoppingToken);
                reason = "the stream ended";
                delay = MinDelay;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or SessionClusterException or OperationCanceledException)
            {
                reason = ex is SessionClusterException problem ? $"{problem.Status} {problem.Code}" : ex.GetType().Name;
            }
            Connected = false;
            // Full jitter: many app nodes losing the same API node do not come back in step.
            var wait = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * delay.TotalMilliseconds) + MinDelay;
            Log.FeedLost(logger, reason, wait);
            await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, delay.Ticks * 2));
        }
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (_cursor is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", _cursor);
        }
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await HttpSessionClusterClient.ProblemAsync(response, HttpMethod.Get, "v1/events", cancellationToken).ConfigureAwait(false);
        }
        Connected = true;
        Log.FeedConnected(logger);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.EventType == "heartbeat")
            {
                continue;
            }
            Interlocked.Increment(ref _eventsSeen);
            Apply(item.EventType, item.Data);
            if (!string.IsNullOrEmpty(item.EventId))
            {
                _cursor = item.EventId;
            }
        }
    }

    /// <summary>One feed event: what it evicts. Unknown types evict nothing.</summary>
    internal void Apply(string sseType, string data)
    {
        FeedEvent? e;
        try
        {
            e = JsonSerializer.Deserialize<FeedEvent>(data, HttpSessionClusterClient.Json);
        }
        catch (JsonException)
        {
            return;
        }
        if (e is null)
        {
            return;
        }
        var type = e.Type ?? sseType;
        var evicted = Evict(type, e.SessionId, e.UserId);
        if (evicted >= 0)
        {
            Log.Evicted(logger, type, evicted);
        }
    }

    internal int Evict(string type, string? sessionId, string? userId)
    {
        switch (type)
        {
            case "session.revoked" or "session.expired" or "session.refreshed" or "session.stepped_up":
                return sessionId is not null ? cache.EvictSession(sessionId) : userId is not null ? cache.EvictUser(userId) : -1;
            case "device.removed":
                return userId is not null ? cache.EvictUser(userId) : -1;
            default:
                // Erasure (user.erased, or however the feed names it) ends everything of the user.
                return type.Contains("erase", StringComparison.Ordinal) && userId is not null ? cache.EvictUser(userId) : -1;
        }
    }

    private sealed record FeedEvent(string? Type, string? SessionId, string? UserId);
}
