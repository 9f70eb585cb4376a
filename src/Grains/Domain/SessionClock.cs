namespace SessionCluster.Grains.Domain;

/// <summary>The timestamps and signals of a session that its expiry is computed from.</summary>
public readonly record struct SessionClock(
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset AccessIssuedAt,
    bool RememberMe,
    int Aal,
    bool Risky = false,
    DateTimeOffset? NotAfter = null);
