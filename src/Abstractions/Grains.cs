using Orleans.Concurrency;

namespace SessionCluster;

/// <summary>
/// One session. Key: <c>{tenantId}/{sessionId}</c> (see <see cref="GrainKeys"/>).
/// Every mutating call returns only after the new state is in storage.
/// </summary>
[Alias("ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Creates the session and issues its first token pair. Called by the owner's <see cref="IUserGrain"/>.</summary>
    [Alias("Create")]
    Task<SessionResult> CreateAsync(CreateSessionCommand command);

    /// <summary>Checks an access token's secret and records activity. Answered from memory.</summary>
    [Alias("Validate")]
    Task<SessionResult> ValidateAsync(string accessSecret, ClientInfo? client);

    /// <summary>Rotates the token pair for a refresh token's secret (grace window and theft detection per the API contract).</summary>
    [Alias("Refresh")]
    Task<SessionResult> RefreshAsync(string refreshSecret, ClientInfo? client);

    /// <summary>Renews the idle window now (never past the absolute expiry) and stores it before answering.</summary>
    [Alias("Extend")]
    Task<SessionResult> ExtendAsync();

    /// <summary>Reads the session without counting as activity.</summary>
    [Alias("Get")]
    Task<SessionResult> GetAsync();

    /// <summary>Ends the session. Idempotent; returns true when this call ended an active session.</summary>
    [Alias("Revoke")]
    Task<bool> RevokeAsync(string reason);
}

/// <summary>
/// A user of a tenant: the index of their sessions. Key: <c>{tenantId}/{userId}</c>.
/// </summary>
[Alias("IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Opens a new session for this user.</summary>
    [Alias("CreateSession")]
    Task<SessionResult> CreateSessionAsync(CreateSessionCommand command);

    /// <summary>The user's active sessions, most recently created first.</summary>
    [Alias("ListSessions")]
    Task<IReadOnlyList<SessionView>> ListSessionsAsync();

    /// <summary>Revokes every active session of the user except <paramref name="exceptSessionId"/>; returns how many were revoked.</summary>
    [Alias("RevokeAll")]
    Task<int> RevokeAllAsync(string? exceptSessionId, string reason);

    /// <summary>Told by a session that it ended, so the index forgets it.</summary>
    [Alias("SessionEnded"), OneWay]
    Task SessionEndedAsync(string sessionId);
}
