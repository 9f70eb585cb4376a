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
}
