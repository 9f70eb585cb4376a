namespace SessionCluster.Grains;

/// <summary>A user's TOTP factor. The secret is sealed; attempts and the last spent step make codes single-use and guessing slow.</summary>
[GenerateSerializer, Alias("MfaState")]
public sealed class MfaState
{
    [Id(0)] public byte[]? SealedTotpSecret { get; set; }
    [Id(1)] public bool Confirmed { get; set; }
    [Id(2)] public DateTimeOffset EnrolledAt { get; set; }
    /// <summary>The time step of the last accepted code: only later steps are accepted.</summary>
    [Id(3)] public long LastUsedStep { get; set; }
    /// <summary>Wrong codes since the last accepted one or the last lockout.</summary>
    [Id(4)] public int FailedAttempts { get; set; }
    [Id(5)] public DateTimeOffset? LockedUntil { get; set; }
    /// <summary>Wrong codes since the last accepted one, across lockouts: at the tenant's limit the factor is disabled.</summary>
    [Id(6)] public int ConsecutiveFailures { get; set; }
    /// <summary>Lockouts since the last accepted code: each lasts twice as long as the one before.</summary>
    [Id(7)] public int Lockouts { get; set; }
    /// <summary>Events not yet confirmed by the tenant feed (<see cref="Events.FeedOutbox"/>).</summary>
    [Id(8)] public List<SessionEvent> Outbox { get; set; } = [];
}
