namespace SessionCluster.Grains.Domain;

/// <summary>
/// Expiry is computed, never scheduled: a session is expired when its timestamps say so at the moment
/// of the call, whatever timers did or did not fire. Pure, so it is tested without a cluster.
/// </summary>
public static class ExpiryPolicy
{
    /// <summary>
    /// The idle timeout in force for a session, by these rules in order (the README's policy table):
    /// 1. the tenant's <see cref="SessionPolicy.IdleTimeout"/>;
    /// 2. at AAL2, <see cref="SessionPolicy.Aal2IdleTimeout"/> instead, when set (it may be longer);
    /// 3. a risky session (seen from a new network or user agent) gets at most <see cref="SessionPolicy.RiskIdleTimeout"/>;
    /// 4. nothing exceeds <see cref="SessionPolicy.MaxIdleTimeout"/>, when set (a PCI-style pin).
    /// </summary>
    public static TimeSpan EffectiveIdleTimeout(SessionPolicy policy, int aal, bool risky = false)
    {
        var idle = aal >= 2 && policy.Aal2IdleTimeout is { } aal2 ? aal2 : policy.IdleTimeout;
        if (risky)
        {
            idle = Min(idle, policy.RiskIdleTimeout);
        }
        return policy.MaxIdleTimeout is { } max ? Min(idle, max) : idle;
    }

    /// <summary>
    /// The absolute lifetime: <see cref="SessionPolicy.RememberMeLifetime"/> for remember-me sessions, else
    /// <see cref="SessionPolicy.AbsoluteLifetime"/>; never beyond <see cref="SessionPolicy.MaxSessionAge"/> (forced re-authentication).
    /// </summary>
    public static TimeSpan AbsoluteLifetime(SessionPolicy policy, bool rememberMe)
    {
        var lifetime = rememberMe ? policy.RememberMeLifetime : policy.AbsoluteLifetime;
        return policy.MaxSessionAge is { } maxAge ? Min(lifetime, maxAge) : lifetime;
    }

    /// <summary>
    /// The expiry at <paramref name="now"/>. A session created before the tenant's <see cref="SessionPolicy.NotBefore"/>
    /// ends at that instant (sign everyone out: set it to now).
    /// </summary>
    public static ExpiryState Evaluate(SessionPolicy policy, SessionClock clock, DateTimeOffset now)
    {
        var idle = EffectiveIdleTimeout(policy, clock.Aal, clock.Risky);
        var absolute = clock.CreatedAt + AbsoluteLifetime(policy, clock.RememberMe);
        if (clock.NotAfter is { } cap && cap < absolute)
        {
            absolute = cap; // a linked session ends with the session that approved it
        }
        var notBefore = policy.NotBefore is { } cutoff && clock.CreatedAt < cutoff && cutoff < absolute;
        if (notBefore)
        {
            absolute = policy.NotBefore!.Value;
        }
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
            AccessTokenExpired: now >= clock.AccessIssuedAt + policy.AccessTokenLifetime)
        {
            Reason = idleExpires < absolute ? "idle_timeout" : notBefore ? "not_before" : "absolute_timeout",
        };
    }

    /// <summary>
    /// Activity is written behind: "last seen" reaches storage at most once per this interval,
    /// so a crash can cost a session at most this much of its idle window (a tenth), never the session.
    /// </summary>
    public static TimeSpan ActivityWriteInterval(TimeSpan idleTimeout) => idleTimeout / ActivityWriteFraction;

    /// <summary>The denominator of <see cref="ActivityWriteInterval"/>.</summary>
    public const int ActivityWriteFraction = 10;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a <= b ? a : b;
}
