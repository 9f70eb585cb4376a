using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using SessionCluster.Api.Contracts;
using SessionCluster.Grains;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Api.Http;

/// <summary>
/// A reader of one tenant's feed over all its partitions (<c>GET /v1/events</c>). It holds a <see cref="FeedCursor"/>
/// (a position per partition) and moves each partition's position only past events it has handed out, so whatever
/// cursor a client last saw resumes with nothing lost and nothing repeated. Partitions are read independently:
/// across partitions events come in the order they are read (per user, one partition: in feed order).
/// </summary>
internal sealed partial class TenantFeed(IGrainFactory grains, string tenantId, int partitions, ILogger logger)
{
    public const string HeartbeatEvent = "heartbeat";

    /// <summary>How long one long poll of a partition waits for an event (below the client's 5 s response timeout).</summary>
    private static readonly TimeSpan PollWait = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private IEventFeedGrain Partition(int partition) => grains.GetGrain<IEventFeedGrain>(FeedKeys.Partition(tenantId, partition));

    /// <summary>The cursor at the current end of every partition: a live reader's start.</summary>
    public async Task<FeedCursor> EndAsync()
    {
        var cursor = FeedCursor.Start(partitions);
        var pages = await Task.WhenAll(Enumerable.Range(0, partitions).Select(p => ClusterRetry.RunAsync(() => Partition(p).ReadAsync(FeedKeys.Start, 1, TimeSpan.Zero))));
        for (var p = 0; p < partitions; p++)
        {
            cursor = cursor.With(p, FeedPosition.Parse(pages[p].LastPosition));
        }
        return cursor;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> events after <paramref name="cursor"/>, oldest stream time first over all
    /// partitions, and the cursor after them (past filtered-out events too).
    /// </summary>
    public async Task<FeedPageDto> ReadPageAsync(FeedCursor cursor, int limit, EventTypeFilter filter)
    {
        var pages = await Task.WhenAll(Enumerable.Range(0, partitions).Select(p => ClusterRetry.RunAsync(() => Partition(p).ReadAsync(cursor[p].ToString(), limit, TimeSpan.Zero))));
        // Ordered by position (stream time), then partition: within a partition that keeps its order, so what is
        // taken of each partition is a prefix of it and the cursor can move past exactly that.
        var merged = pages
            .SelectMany((page, p) => page.Events.Select(e => (Partition: p, Position: FeedPosition.Parse(e.Position), Event: e)))
            .OrderBy(x => x.Position).ThenBy(x => x.Partition)
            .Take(limit);
        var events = new List<FeedEventDto>();
        foreach (var (p, position, e) in merged)
        {
            cursor = cursor.With(p, position);
            if (filter.Matches(e.Event.Type))
            {
                events.Add(FeedEventDto.From(e, cursor.Encode()));
            }
        }
        return new FeedPageDto(events, cursor.Encode());
    }

    /// <summary>
    /// The live feed from <paramref name="cursor"/>: a long poll per partition, each re-issued as soon as it answers;
    /// a partition whose silo is lost is polled again (its grain comes back on a surviving silo and reads the stream),
    /// so the stream itself survives the loss and a client that reconnects with its last id loses nothing either.
    /// </summary>
    public async IAsyncEnumerable<SseItem<FeedEventDto>> StreamAsync(FeedCursor cursor, EventTypeFilter filter, TimeSpan heartbeatEvery,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A first heartbeat tells the client it is now listening.
        yield return Heartbeat();
        var polls = new Task<FeedPage?>[partitions];
        for (var p = 0; p < partitions; p++)
        {
            polls[p] = PollAsync(p, cursor[p], TimeSpan.Zero);
        }
        var heartbeatAt = DateTime.UtcNow + heartbeatEvery;
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = heartbeatAt - DateTime.UtcNow;
            var beat = Task.Delay(due > TimeSpan.Zero ? due : TimeSpan.Zero, cancellationToken);
            var done = await Task.WhenAny(polls.Append<Task>(beat));
            if (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }
            if (done == beat)
            {
                heartbeatAt = DateTime.UtcNow + heartbeatEvery;
                yield return Heartbeat();
                continue;
            }
            var partition = Array.IndexOf(polls, done);
            var page = await polls[partition];
            if (page is null)
            {
                polls[partition] = PollAsync(partition, cursor[partition], RetryAfterFailure);
                continue;
            }
            foreach (var e in page.Events)
            {
                cursor = cursor.With(partition, FeedPosition.Parse(e.Position));
                if (filter.Matches(e.Event.Type))
                {
                    var id = cursor.Encode();
                    yield return new SseItem<FeedEventDto>(FeedEventDto.From(e, id), e.Event.Type) { EventId = id };
                }
            }
            polls[partition] = PollAsync(partition, cursor[partition], TimeSpan.Zero);
        }
    }

    private async Task<FeedPage?> PollAsync(int partition, FeedPosition after, TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }
            return await Partition(partition).ReadAsync(after.ToString(), 100, PollWait);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The silo lost, or its store briefly down: a stream outlives both.
            LogPollFailed(ex, partition);
            return null;
        }
    }

    private static SseItem<FeedEventDto> Heartbeat() =>
        new(new FeedEventDto("", HeartbeatEvent, DateTimeOffset.UtcNow, null, null, new Dictionary<string, string>(), "", ""), HeartbeatEvent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed partition {Partition} did not answer a poll; polling it again")]
    private partial void LogPollFailed(Exception exception, int partition);
}
