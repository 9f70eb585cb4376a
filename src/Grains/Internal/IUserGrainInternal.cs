using Orleans.Concurrency;

namespace SessionCluster.Grains;

/// <summary>What only the cluster's own grains call on a user grain.</summary>
[Alias("IUserGrainInternal")]
internal interface IUserGrainInternal : IUserGrain
{
    /// <summary>
    /// Opens the session a device link hands over, capped and as risky as its <paramref name="approver"/>; refused
    /// unless this user approved that link and it is still pending.
    /// </summary>
    [Alias("CreateLinkedSession")]
    Task<SessionResult> CreateLinkedSessionAsync(CreateSessionCommand command, string linkId, LinkApprover approver);

    /// <summary>Told by a session that it ended.</summary>
    [Alias("SessionEnded"), OneWay]
    Task SessionEndedAsync(string sessionId);

    /// <summary>Records an event in the user's history and pushes it to the live listeners.</summary>
    [Alias("RecordEvent"), OneWay]
    Task RecordEventAsync(SessionEvent sessionEvent);

    /// <summary>Sweeps the user's sessions: forgets purged ones and removes the user's state once nothing is left to keep.</summary>
    [Alias("SweepSessions")]
    Task SweepAsync();

    /// <summary>Remembers a link this user approved until the new device collects it (so erasure can withdraw it).</summary>
    [Alias("LinkApproved")]
    Task LinkApprovedAsync(string linkId);
}
