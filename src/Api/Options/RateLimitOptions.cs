namespace SessionCluster.Api;

/// <summary><c>SessionCluster:RateLimits</c>: permits per minute, per tenant (API key) and client address.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "SessionCluster:RateLimits";

    /// <summary>Session creations.</summary>
    public int CreatesPerMinute { get; set; } = 6000;

    /// <summary>Token refreshes.</summary>
    public int RefreshesPerMinute { get; set; } = 12000;

    /// <summary>Validations that fail (unknown, forged or dead tokens); successful ones are never limited.</summary>
    public int FailedValidationsPerMinute { get; set; } = 3000;

    /// <summary>Device-link approvals: codes can't be guessed.</summary>
    public int LinkApprovalsPerMinute { get; set; } = 10;
}
