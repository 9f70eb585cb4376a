namespace SessionCluster.Grains.Domain;

/// <summary>The timestamps of a session that expiry is computed from.</summary>
public readonly record struct SessionClock(
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset AccessIssuedAt,
    bool RememberMe,
    int Aal);

/// <summary>A session's expiry as computed at one instant.</summary>
public readonly record struct ExpiryState(
    TimeSpan IdleTimeout,
    DateTimeOffset IdleExpiresAt,
    DateTimeOffset AbsoluteExpiresAt,
    DateTimeOffset AccessTokenExpiresAt,
    bool Expired,
    bool ExpiresSoon,
    bool AccessTokenExpired);

/// <summary>
/// Expiry is computed, never scheduled: a session is expired when its timestamps say so at the moment
/// of the call, whatever timers did or did not fire. Pure, so it is tested without a cluster.
/// </summary>
public static class ExpiryPolicy
{
    /// <summary>The idle timeout in force for a session: AAL2 sessions may get their own.</summary>
    public static TimeSpan EffectiveIdleTimeout(SessionPolicy policy, int aal) =>
        aal >= 2 && policy.Aal2IdleTimeout is { } aal2 ? aal2 : policy.IdleTimeout;

    public static ExpiryState Evaluate(SessionPolicy policy, SessionClock clock, DateTimeOffset now)
    {
        var idle = EffectiveIdleTimeout(policy, clock.Aal);
        var absolute = clock.CreatedAt + (clock.RememberMe ? policy.RememberMeLifetime : policy.AbsoluteLifetime);
        var idleExpires = Min(clock.LastSeenAt + idle, absolute);
        var accessExpires = Min(clock.AccessIssuedAt + policy.AccessTokenLifetime, idleExpires);
        var expired = now >= idleExpires;
        return new ExpiryState(
            idle,
            idleExpires,
            absolute,
            accessExpires,
            expired,
            ExpiresSoon: !expired && now >= idleExpires - policy.WarningLead,
            AccessTokenExpired: now >= clock.AccessIssuedAt + policy.AccessTokenLifetime);
    }

    /// <summary>
    /// Activity is written behind: "last seen" reaches storage at most once per this interval,
    /// so a crash can cost a session at most this much of its idle window (a tenth), never the session.
    /// </summary>
    public static TimeSpan ActivityWriteInterval(TimeSpan idleTimeout) => idleTimeout / ActivityWriteFraction;

    /// <summary>The denominator of <see cref="ActivityWriteInterval"/>.</summary>
    public const int ActivityWriteFraction = 10;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
