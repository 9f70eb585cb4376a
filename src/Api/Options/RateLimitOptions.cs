namespace SessionCluster.Api;

/// <summary>
/// <c>SessionCluster:RateLimits</c>. Each limit is keyed on something an attacker cannot share with the users they
/// would hurt: the end user's address, the approving session, the calling app and its address.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "SessionCluster:RateLimits";

    /// <summary>Session creations per minute per API key and calling address.</summary>
    public int CreatesPerMinute { get; set; } = 6000;

    /// <summary>Refreshes through <c>/v1/sessions/refresh</c> per minute per API key and calling address.</summary>
    public int RefreshesPerMinute { get; set; } = 12000;

    /// <summary>Browser refreshes and cookie-mode starts (<c>/v1/me/…</c>) per minute per client address.</summary>
    public int EndUserRefreshesPerMinute { get; set; } = 600;

    /// <summary>
    /// Validations of tokens naming no session (junk, forged, guessed) per minute per tenant and end-user address
    /// (the <c>client.ip</c> the app reports, the first <c>X-Forwarded-For</c> hop of a forward-auth check, the
    /// caller of <c>/v1/me</c>). Expired or revoked sessions never count, nor does a check without an address.
    /// </summary>
    public int FailedValidationsPerMinute { get; set; } = 3000;

    /// <summary>Wrong or expired device-link codes one approving session may try per <see cref="LinkApprovalFailureWindow"/>.</summary>
    public int LinkApprovalFailuresPerSession { get; set; } = 5;

    public TimeSpan LinkApprovalFailureWindow { get; set; } = TimeSpan.FromMinutes(10);
}
