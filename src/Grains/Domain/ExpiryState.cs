namespace SessionCluster.Grains.Domain;

/// <summary>A session's expiry as computed at one instant.</summary>
public readonly record struct ExpiryState(
    TimeSpan IdleTimeout,
    DateTimeOffset IdleExpiresAt,
    DateTimeOffset AbsoluteExpiresAt,
    DateTimeOffset AccessTokenExpiresAt,
    bool Expired,
    bool ExpiresSoon,
    bool AccessTokenExpired)
{
    /// <summary>Why the session ends (or ended) at <see cref="IdleExpiresAt"/>: <c>idle_timeout</c>, <c>absolute_timeout</c> or <c>not_before</c>.</summary>
    public string Reason { get; init; } = "idle_timeout";
}
