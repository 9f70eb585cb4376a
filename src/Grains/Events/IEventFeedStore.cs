namespace SessionCluster.Grains.Events;

/// <summary>
/// Where feed partitions keep their events: a Redis stream per partition in a cluster, memory in embedded mode.
/// Only the partition's grain (one activation) calls it for its key, so appends never race.
/// </summary>
public interface IEventFeedStore
{
    /// <summary>
    /// Appends the events in order and returns them with the positions they got; drops what is older than
    /// <paramref name="trimBefore"/> (approximately: whole blocks at a time in Redis).
    /// </summary>
    Task<IReadOnlyList<FeedEvent>> AppendAsync(string partitionKey, IReadOnlyList<FeedEvent> events, DateTimeOffset trimBefore);

    /// <summary>Up to <paramref name="limit"/> events after <paramref name="after"/>, oldest first.</summary>
    Task<IReadOnlyList<FeedEvent>> ReadAsync(string partitionKey, string after, int limit);

    /// <summary>The newest <paramref name="count"/> events, newest first (what a partition reloads on activation).</summary>
    Task<IReadOnlyList<FeedEvent>> ReadNewestAsync(string partitionKey, int count);
}
