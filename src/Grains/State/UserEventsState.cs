namespace SessionCluster.Grains;

/// <summary>
/// A user's event history, stored apart from the index so that the frequent, small index writes don't carry it
/// and events can be written in batches.
/// </summary>
[GenerateSerializer, Alias("UserEventsState")]
public sealed class UserEventsState
{
    /// <summary>Oldest first, bounded.</summary>
    [Id(0)] public List<SessionEvent> Events { get; set; } = [];
}
