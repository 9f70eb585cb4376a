using SessionCluster.Grains.Domain;

namespace SessionCluster.Grains.Events;

/// <summary>The feed in memory (embedded mode and in-process tests): lost with the process, like every other state there.</summary>
public sealed class MemoryEventFeedStore(TimeProvider time) : IEventFeedStore
{
    private readonly Dictionary<string, List<FeedEvent>> _partitions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<IReadOnlyList<FeedEvent>> AppendAsync(string partitionKey, IReadOnlyList<FeedEvent> events, DateTimeOffset trimBefore)
    {
        lock (_lock)
        {
            var stream = Stream(partitionKey);
            var last = stream.Count == 0 ? FeedPosition.Start : FeedPosition.Parse(stream[^1].Position);
            var now = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
            var stored = new List<FeedEvent>(events.Count);
            foreach (var e in events)
            {
                last = last.Next(now);
                var placed = e with { Position = last.ToString() };
                stream.Add(placed);
                stored.Add(placed);
            }
            var cutoff = (ulong)Math.Max(0, trimBefore.ToUnixTimeMilliseconds());
            stream.RemoveAll(e => FeedPosition.Parse(e.Position).Milliseconds < cutoff);
            return Task.FromResult<IReadOnlyList<FeedEvent>>(stored);
        }
    }

    public Task<IReadOnlyList<FeedEvent>> ReadAsync(string partitionKey, string after, int limit)
    {
        var from = FeedPosition.Parse(after);
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<FeedEvent>>([.. Stream(partitionKey).Where(e => FeedPosition.Parse(e.Position) > from).Take(limit)]);
        }
    }

    public Task<IReadOnlyList<FeedEvent>> ReadNewestAsync(string partitionKey, int count)
    {
        lock (_lock)
        {
            var stream = Stream(partitionKey);
            return Task.FromResult<IReadOnlyList<FeedEvent>>([.. Enumerable.Reverse(stream).Take(count)]);
        }
    }

    private List<FeedEvent> Stream(string key)
    {
        if (!_partitions.TryGetValue(key, out var stream))
        {
            _partitions[key] = stream = [];
        }
        return stream;
    }
}
