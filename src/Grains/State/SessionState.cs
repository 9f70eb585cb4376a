namespace SessionCluster.Grains;

/// <summary>
/// A session as stored. Holds hashes of token secrets, never a token. Field ids are part of the
/// stored format: add new ids, never renumber.
/// </summary>
[GenerateSerializer, Alias("SessionState")]
public sealed class SessionState
{
    [Id(0)] public string? UserId { get; set; }
    [Id(1)] public DeviceInfo Device { get; set; } = new();
    [Id(2)] public ClientInfo CreatedFrom { get; set; } = new();
    [Id(3)] public ClientInfo LastClient { get; set; } = new();
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset LastSeenAt { get; set; }
    [Id(6)] public bool RememberMe { get; set; }
    [Id(7)] public int Aal { get; set; } = 1;
    [Id(8)] public SessionStatus Status { get; set; }
    [Id(9)] public string? EndReason { get; set; }
    [Id(10)] public DateTimeOffset? EndedAt { get; set; }

    [Id(11)] public byte[]? AccessHash { get; set; }
    [Id(12)] public DateTimeOffset AccessIssuedAt { get; set; }
    [Id(13)] public byte[]? RefreshHash { get; set; }
    [Id(14)] public int Generation { get; set; }

    /// <summary>Hash of the refresh token rotated last, and the nonce its successor pair was derived with.</summary>
    [Id(15)] public byte[]? PreviousRefreshHash { get; set; }
    [Id(16)] public byte[]? RotationNonce { get; set; }
    [Id(17)] public DateTimeOffset? RotatedAt { get; set; }

    /// <summary>Hashes of older spent refresh tokens (bounded), so their reuse is recognised as theft too.</summary>
    [Id(18)] public List<byte[]> SpentRefreshHashes { get; set; } = [];

    /// <summary>Data as plain JSON: only in states written before encryption at rest; moved to <see cref="SealedData"/> on activation.</summary>
    [Id(19)] public string? DataJson { get; set; }
    [Id(20)] public long DataVersion { get; set; }

    /// <summary>Seen from another network or user agent than it was created with: the shorter risk idle timeout applies.</summary>
    [Id(21)] public bool Risky { get; set; }

    /// <summary>Hash of the create's idempotency key: a retried create is recognised and answered with the same tokens.</summary>
    [Id(22)] public byte[]? CreationKeyHash { get; set; }

    /// <summary>The data (JSON), sealed with AES-GCM (<see cref="Domain.AtRestCipher"/>); null means <c>{}</c>.</summary>
    [Id(23)] public byte[]? SealedData { get; set; }

    /// <summary>The tenant's policy wants a step-up before this session is trusted again (StepUpOnRisk).</summary>
    [Id(24)] public bool StepUpRequired { get; set; }

    /// <summary>The client risk is judged against: where the session was created, or where it last stepped up.</summary>
    [Id(25)] public ClientInfo? TrustedFrom { get; set; }

    /// <summary>A cap on the absolute expiry: a linked session ends no later than the session that approved it.</summary>
    [Id(26)] public DateTimeOffset? NotAfter { get; set; }

    /// <summary>
    /// The nonce of the last rotation, sealed (<see cref="Domain.AtRestCipher"/>): with it and a spent refresh token the
    /// current pair could be derived, so a dump of storage must not hold it in clear. Replaces <see cref="RotationNonce"/>.
    /// </summary>
    [Id(27)] public byte[]? SealedRotationNonce { get; set; }

    /// <summary>The networks (see <see cref="Domain.RiskSignals.NetworkOf"/>) already alerted about, newest first, bounded.</summary>
    [Id(28)] public List<string> AlertedNetworks { get; set; } = [];

    /// <summary>Events not yet confirmed by the tenant feed, written with their cause (<see cref="Events.FeedOutbox"/>).</summary>
    [Id(29)] public List<SessionEvent> Outbox { get; set; } = [];

    public bool Exists => UserId is not null;
}
