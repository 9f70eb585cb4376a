namespace SessionCluster.Grains;

/// <summary>What only the cluster's own grains call on a feed partition.</summary>
[Alias("IEventFeedGrainInternal")]
internal interface IEventFeedGrainInternal : IEventFeedGrain
{
    /// <summary>
    /// Appends a grain's outbox (events of one user, in the order they happened). Events already in the partition
    /// (same id: a re-send after a crash) are skipped. Returns once the events are stored: the sender may forget them.
    /// </summary>
    [Alias("Append")]
    Task AppendAsync(IReadOnlyList<FeedEvent> events);
}
