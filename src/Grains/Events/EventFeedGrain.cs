using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Grains.Events;

/// <summary>
/// One partition of a tenant's feed (key <c>{tenantId}/{partition}</c>). The store (<see cref="IEventFeedStore"/>) holds
/// the events; this grain is the partition's one writer: it drops events it already has (by id: outboxes re-send after
/// a crash), numbers the rest, appends them, wakes the readers waiting for them and tells the tenant's webhook
/// endpoints. Reads interleave with appends and never wait behind them; appends that arrive during a write are written
/// together by the next one (group commit), so a busy partition makes one store round trip per group, not per sender.
/// </summary>
[GrainType(GrainTypes.EventFeed)]
internal sealed partial class EventFeedGrain(
    IEventFeedStore store,
    IOptionsMonitor<EventsOptions> events,
    IOptionsMonitor<SessionClusterOptions> tenants,
    EventMetrics metrics,
    ILogger<EventFeedGrain> logger) : Grain, IEventFeedGrainInternal
{
    /// <summary>The ids remembered to drop re-sent events (re-sends come seconds after a crash, well inside this).</summary>
    public const int RememberedIds = 4096;

    /// <summary>The most a read returns (the API's own limit).</summary>
    public const int MaxRead = 500;

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _seenOrder = new();
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<(IReadOnlyList<FeedEvent> Batch, TaskCompletionSource Stored)> _pending = [];
    private Task? _writing;
    private string _tenantId = "";
    private int _partition;
    private FeedPosition _last = FeedPosition.Start;
    private long _lastSequence;

    private string StoreKey => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (tenantId, partition) = GrainKeys.Split(this.GetPrimaryKeyString());
        _tenantId = tenantId;
        _partition = int.Parse(partition, System.Globalization.CultureInfo.InvariantCulture);
        // The partition's newest events: where numbering goes on, and the ids a re-send may repeat.
        var newest = await store.ReadNewestAsync(StoreKey, RememberedIds);
        for (var i = newest.Count - 1; i >= 0; i--)
        {
            Remember(newest[i].Event.Id);
        }
        if (newest.Count > 0)
        {
            _last = FeedPosition.Parse(newest[0].Position);
            _lastSequence = newest[0].Sequence;
        }
        // Endpoints that were delivering when a silo died resume now rather than at their next reminder.
        KickWebhooks();
    }

    public Task AppendAsync(IReadOnlyList<FeedEvent> batch)
    {
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Add((batch, stored));
        // One writer at a time; what arrives while it writes waits for the next write, which takes it all at once.
        if (_writing is not { IsCompleted: false })
        {
            _writing = WritePendingAsync();
        }
        return stored.Task;
    }

    /// <summary>Writes every pending append, a group per store round trip, in arrival order; each caller learns its group's outcome.</summary>
    private async Task WritePendingAsync()
    {
        while (_pending.Count > 0)
        {
            var group = _pending;
            _pending = [];
            try
            {
                await WriteAsync(group.Count == 1 ? group[0].Batch : [.. group.SelectMany(g => g.Batch)]);
                group.ForEach(g => g.Stored.TrySetResult());
            }
            catch (Exception ex)
            {
                // Not stored: every sender keeps its events in its outbox and sends them again.
                group.ForEach(g => g.Stored.TrySetException(ex));
            }
        }
    }

    private async Task WriteAsync(IReadOnlyList<FeedEvent> batch)
    {
        var fresh = new List<FeedEvent>(batch.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in batch)
        {
            if (!_seen.Contains(e.Event.Id) && ids.Add(e.Event.Id))
            {
                fresh.Add(e with { Sequence = _lastSequence + fresh.Count + 1, Position = "" });
            }
        }
        if (fresh.Count < batch.Count)
        {
            metrics.Duplicates(batch.Count - fresh.Count);
        }
        if (fresh.Count == 0)
        {
            return;
        }
        var stored = await store.AppendAsync(StoreKey, fresh, DateTimeOffset.UtcNow - events.CurrentValue.FeedRetention);
        foreach (var e in stored)
        {
            Remember(e.Event.Id);
        }
        _last = FeedPosition.Parse(stored[^1].Position);
        _lastSequence = stored[^1].Sequence;
        metrics.Written(stored.Count);
        var appended = _appended;
        _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        appended.TrySetResult();
        KickWebhooks();
    }

    public async Task<FeedPage> ReadAsync(string after, int limit, TimeSpan wait)
    {
        var from = FeedPosition.TryParse(after, out var position) ? position : throw new ArgumentException($"'{after}' is not a feed position.", nameof(after));
        if (wait > TimeSpan.Zero && from >= _last)
        {
            // A long poll: woken by the next append, or empty-handed after the wait.
            await Task.WhenAny(_appended.Task, Task.Delay(wait < TimeSpan.FromSeconds(4) ? wait : TimeSpan.FromSeconds(4)));
        }
        var read = await store.ReadAsync(StoreKey, from.ToString(), Math.Clamp(limit, 1, MaxRead));
        return new FeedPage { Events = read, LastSequence = _lastSequence, LastPosition = _last.ToString() };
    }

    private bool Remember(string id)
    {
        if (!_seen.Add(id))
        {
            return false;
        }
        _seenOrder.Enqueue(id);
        if (_seenOrder.Count > RememberedIds)
        {
            _seen.Remove(_seenOrder.Dequeue());
        }
        return true;
    }

    private void KickWebhooks()
    {
        if (!tenants.CurrentValue.Tenants.TryGetValue(_tenantId, out var tenant))
        {
            return;
        }
        foreach (var name in tenant.Webhooks.Keys)
        {
            try
            {
                _ = GrainFactory.WebhookInternal(_tenantId, name, _partition).KickAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogKickFailed(ex, name); // its reminder brings it back
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell webhook endpoint {Endpoint} about new events; its reminder will")]
    private partial void LogKickFailed(Exception exception, string endpoint);
}
