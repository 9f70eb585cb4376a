namespace SessionCluster.Grains.Domain;

/// <summary>What a tenant does when a user already has <see cref="SessionPolicy.MaxSessionsPerUser"/> sessions.</summary>
public enum SessionLimitAction
{
    RejectNew = 0,
    EvictOldest = 1,
}

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

    /// <summary>Idle timeout after step-up to AAL2; null means <see cref="IdleTimeout"/>.</summary>
    public TimeSpan? Aal2IdleTimeout { get; set; }

    /// <summary>0 means unlimited.</summary>
    public int MaxSessionsPerUser { get; set; }
    public SessionLimitAction SessionLimitAction { get; set; } = SessionLimitAction.RejectNew;
}

/// <summary>One tenant's configuration (<c>SessionCluster:Tenants:{tenantId}</c>).</summary>
public sealed class TenantOptions
{
    /// <summary>API keys of the tenant: plain, or <c>sha256:</c> followed by the key's SHA-256 in hex.</summary>
    public List<string> ApiKeys { get; set; } = [];
    public SessionPolicy Policy { get; set; } = new();
}

/// <summary>The <c>SessionCluster</c> configuration section.</summary>
public sealed class SessionClusterOptions
{
    public const string SectionName = "SessionCluster";

    public Dictionary<string, TenantOptions> Tenants { get; set; } = new(StringComparer.Ordinal);
}
