using SessionCluster.Grains.Domain;

namespace SessionCluster.Grains;

/// <summary>
/// A tenant's session policy (<c>SessionCluster:Tenants:{tenantId}:Policy</c>). Read at every call,
/// so a configuration change applies to existing sessions on their next call.
/// </summary>
public sealed class SessionPolicy
{
    public static readonly SessionPolicy Default = new();

    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);
    public TimeSpan RememberMeLifetime { get; set; } = TimeSpan.FromDays(30);
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan WarningLead { get; set; } = TimeSpan.FromMinutes(2);
    public TimeSpan RefreshReuseGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Idle timeout after step-up to AAL2 (may be longer than <see cref="IdleTimeout"/>); null means <see cref="IdleTimeout"/>.</summary>
    public TimeSpan? Aal2IdleTimeout { get; set; }

    /// <summary>Idle timeout of a session seen from another network or user agent than it was created with.</summary>
    public TimeSpan RiskIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A session seen from a new network or user agent, or opened on a new device, must step up before it is trusted again.</summary>
    public bool StepUpOnRisk { get; set; }

    /// <summary>Wrong TOTP codes in a row before the user's second factor locks.</summary>
    public int MfaMaxAttempts { get; set; } = 5;

    /// <summary>How long a locked second factor refuses every code, right ones included.</summary>
    public TimeSpan MfaLockout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Wrong codes in a row (across lockouts) after which the second factor is disabled until the app resets it.
    /// NIST SP 800-63B §5.2.2 allows at most 100.
    /// </summary>
    public int MfaMaxConsecutiveFailures { get; set; } = TotpLockout.MostConsecutiveFailures;

    /// <summary>The issuer authenticator apps show next to the code; null means the tenant id.</summary>
    public string? TotpIssuer { get; set; }

    /// <summary>A hard ceiling on every idle timeout, AAL2 included (e.g. 00:15:00 for PCI DSS); null means none.</summary>
    public TimeSpan? MaxIdleTimeout { get; set; }

    /// <summary>Re-authentication at a fixed age: no session, remember-me included, outlives this; null means none.</summary>
    public TimeSpan? MaxSessionAge { get; set; }

    /// <summary>
    /// Sessions created before this instant are over (reason <c>not_before</c>), on their next call or sweep: the
    /// tenant-wide "sign everyone out" (e.g. after a breach), like Keycloak's not-before revocation. Null means none.
    /// </summary>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>How long a revoked or expired session stays readable (status) before its state is removed.</summary>
    public TimeSpan DeadSessionRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a user's event history is kept after the user's last session is gone.</summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a device-link code can be approved, and an approved link collected.</summary>
    public TimeSpan DeviceLinkLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>0 means unlimited.</summary>
    public int MaxSessionsPerUser { get; set; }
    public SessionLimitAction SessionLimitAction { get; set; } = SessionLimitAction.RejectNew;
}
