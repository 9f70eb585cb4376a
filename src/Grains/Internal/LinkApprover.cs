namespace SessionCluster.Grains;

/// <summary>What a device link needs to know of the session that approves it, at approval and again at hand-over.</summary>
[GenerateSerializer, Immutable, Alias("LinkApprover")]
internal sealed record LinkApprover
{
    /// <summary>Whose session it is (null: no such session).</summary>
    [Id(0)] public string? UserId { get; init; }
    /// <summary>Alive now (not revoked, not expired).</summary>
    [Id(1)] public bool Active { get; init; }
    /// <summary>It must step up before it is trusted again: it may not vouch for a new device either.</summary>
    [Id(2)] public bool StepUpRequired { get; init; }
    /// <summary>It was seen from a new network or user agent; the linked session starts as risky too.</summary>
    [Id(3)] public bool Risky { get; init; }
    /// <summary>When it ends whatever happens; the linked session ends no later.</summary>
    [Id(4)] public DateTimeOffset AbsoluteExpiresAt { get; init; }
}
