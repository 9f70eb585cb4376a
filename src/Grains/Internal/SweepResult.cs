namespace SessionCluster.Grains;

/// <summary>What a sweep found a session to be.</summary>
[GenerateSerializer, Immutable, Alias("SweepResult")]
internal sealed record SweepResult
{
    /// <summary>The session's state is gone from storage (or never existed).</summary>
    [Id(0)] public bool Gone { get; init; }
    /// <summary>The session's status after the sweep (for a session just purged: what it was).</summary>
    [Id(1)] public SessionStatus Status { get; init; }
    /// <summary>When it ended, if it has.</summary>
    [Id(2)] public DateTimeOffset? EndedAt { get; init; }
    // Id 3 was the session's view, computed on every sweep and never read. Never reuse it.
}
