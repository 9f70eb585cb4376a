namespace SessionCluster.Grains;

/// <summary>The index of a user's sessions (live and not yet purged), devices and approved links.</summary>
[GenerateSerializer, Alias("UserState")]
public sealed class UserState
{
    [Id(0)] public Dictionary<string, UserSessionEntry> Sessions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The user's devices by id; a device goes when its last session is purged.</summary>
    [Id(2)] public Dictionary<string, DeviceRecord> Devices { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Links this user approved that the new device has not collected yet, with when they were approved.</summary>
    [Id(3)] public Dictionary<string, DateTimeOffset> PendingLinks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The user grain's own events not yet confirmed by the tenant feed (<see cref="Events.FeedOutbox"/>).</summary>
    [Id(4)] public List<SessionEvent> Outbox { get; set; } = [];
}
