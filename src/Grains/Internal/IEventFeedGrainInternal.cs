using Orleans.Concurrency;

namespace SessionCluster.Grains;

/// <summary>What only the cluster's own grains call on a feed partition.</summary>
[Alias("IEventFeedGrainInternal")]
internal interface IEventFeedGrainInternal : IEventFeedGrain
{
    /// <summary>
    /// Appends a grain's outbox (events of one user, in the order they happened). Events already in the partition
    /// (same id: a re-send after a crash) are skipped. Returns once the events are stored: the sender may forget them.
    /// Interleaved: the appends that arrive while one is being written are written together next (group commit).
    /// </summary>
    [Alias("Append"), AlwaysInterleave]
    Task AppendAsync(IReadOnlyList<FeedEvent> events);
}
