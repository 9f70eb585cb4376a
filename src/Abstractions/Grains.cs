namespace SessionCluster;

/// <summary>
/// One session. Key: <c>{tenantId}/{sessionId}</c> (see <see cref="GrainKeys"/>). Sessions are opened through the
/// user (<see cref="IUserGrain.CreateSessionAsync"/>). Every mutating call returns only after the new state is in
/// storage; when storage refuses, it throws <see cref="StorageUnavailableException"/> and nothing changed.
/// </summary>
[Alias("ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Checks an access token's secret and records activity. Answered from memory.</summary>
    [Alias("Validate")]
    Task<SessionResult> ValidateAsync(string accessSecret, ClientInfo? client);

    /// <summary>
    /// Checks an access token's secret as <see cref="ValidateAsync"/> does, without recording activity (so without
    /// renewing the idle window): for a caller that must know the token is still the current one, such as a long-lived
    /// event stream.
    /// </summary>
    [Alias("Peek")]
    Task<SessionResult> PeekAsync(string accessSecret);

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

    /// <summary>The session's data and version. Not activity.</summary>
    [Alias("GetData")]
    Task<DataResult> GetDataAsync();

    /// <summary>
    /// Replaces the session's data. With <paramref name="expectedVersion"/>, only if the data is still at that
    /// version (else <see cref="SessionError.VersionConflict"/>): two devices can never silently overwrite each other.
    /// </summary>
    [Alias("PutData")]
    Task<DataResult> PutDataAsync(string dataJson, long? expectedVersion);

    /// <summary>
    /// Raises the session to AAL2 with the user's TOTP code: issues a new token pair (the previous ones stop working),
    /// clears a pending step-up requirement and trusts the client it came from. Activity.
    /// </summary>
    [Alias("StepUp")]
    Task<SessionResult> StepUpAsync(string code, ClientInfo? client);
}

/// <summary>
/// A user of a tenant: their sessions, devices, events and live listeners. Key: <c>{tenantId}/{userId}</c>.
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

    /// <summary>The user's recent events, newest first (at most <paramref name="limit"/>).</summary>
    [Alias("GetEvents")]
    Task<IReadOnlyList<SessionEvent>> GetEventsAsync(int limit);

    /// <summary>
    /// Adds (or renews) a live listener. Subscriptions live in memory and lapse after a minute:
    /// renew every 30 s, and after a silo failure.
    /// </summary>
    [Alias("Subscribe")]
    Task SubscribeAsync(ISessionEventObserver observer);

    /// <summary>Removes a live listener.</summary>
    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(ISessionEventObserver observer);

    /// <summary>
    /// Raises <c>session.expiring</c> (once per warning window) and <c>session.expired</c> for the user's sessions
    /// while anyone listens. A grain timer calls this; callers may too.
    /// </summary>
    [Alias("CheckExpiry")]
    Task CheckExpiryAsync();

    /// <summary>The user's devices with their active session counts.</summary>
    [Alias("ListDevices")]
    Task<IReadOnlyList<DeviceView>> ListDevicesAsync();

    /// <summary>Revokes a device's sessions and forgets the device; null when the user has no such device.</summary>
    [Alias("RemoveDevice")]
    Task<int?> RemoveDeviceAsync(string deviceId);

    /// <summary>Erases the user: sessions, devices, events and links, from memory and storage (GDPR erasure).</summary>
    [Alias("Erase")]
    Task EraseAsync();
}

/// <summary>
/// A user's second factor (TOTP). Key: <c>{tenantId}/{userId}</c>. The secret is stored sealed (AES-GCM); wrong
/// codes are counted per user and lock the factor for the tenant's <c>MfaLockout</c> after <c>MfaMaxAttempts</c>.
/// </summary>
[Alias("IMfaGrain")]
public interface IMfaGrain : IGrainWithStringKey
{
    /// <summary>Starts (or restarts) an enrolment; fails with <see cref="SessionError.MfaAlreadyEnrolled"/> once confirmed.</summary>
    [Alias("Enrol")]
    Task<TotpEnrolment> EnrolAsync();

    /// <summary>Confirms a pending enrolment with a first code from the app.</summary>
    [Alias("Confirm")]
    Task<MfaCheck> ConfirmAsync(string code);

    /// <summary>Checks a code against the confirmed enrolment; an accepted code is spent.</summary>
    [Alias("Verify")]
    Task<MfaCheck> VerifyAsync(string code);

    /// <summary>True when the user has a confirmed TOTP enrolment.</summary>
    [Alias("IsEnrolled")]
    Task<bool> IsEnrolledAsync();

    /// <summary>Removes the enrolment (e.g. a lost phone, reset by the app's support) and records <c>mfa.removed</c>.</summary>
    [Alias("Remove")]
    Task RemoveAsync();
}
