namespace SessionCluster.Grains;

/// <summary>
/// What only the cluster's own grains call on a session (its user grain opens, sweeps and erases it). Not in
/// <c>SessionCluster.Abstractions</c>, so a .NET service cannot call it by accident (Orleans clients are trusted
/// operator services all the same: docs/security.md, "Tenant walls").
/// </summary>
[Alias("ISessionGrainInternal")]
internal interface ISessionGrainInternal : ISessionGrain
{
    /// <summary>Creates the session and issues its first token pair.</summary>
    [Alias("Create")]
    Task<SessionResult> CreateAsync(SessionOpening opening);

    /// <summary>
    /// Housekeeping: records an expiry that no call has observed yet, and removes the state of a session dead for
    /// longer than the tenant's retention. Not activity.
    /// </summary>
    [Alias("Sweep")]
    Task<SweepResult> SweepAsync();

    /// <summary>What a device link this session approves must inherit and re-check. Not activity.</summary>
    [Alias("GetApprover")]
    Task<LinkApprover> GetApproverAsync();

    /// <summary>Removes the session's state from storage at once, whatever its status (user erasure).</summary>
    [Alias("Erase")]
    Task EraseAsync();
}
