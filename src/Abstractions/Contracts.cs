namespace SessionCluster;

/// <summary>Lifecycle status of a session.</summary>
[GenerateSerializer, Alias("SessionStatus")]
public enum SessionStatus
{
    /// <summary>The session may be used.</summary>
    Active = 0,
    /// <summary>The session was ended by logout, an administrator or theft detection.</summary>
    Revoked = 1,
    /// <summary>The session passed its idle or absolute expiry.</summary>
    Expired = 2,
}

/// <summary>Why a session operation did not succeed. Maps one to one onto the API's stable error codes.</summary>
[GenerateSerializer, Alias("SessionError")]
public enum SessionError
{
    /// <summary>No error.</summary>
    None = 0,
    /// <summary>The token is malformed, unknown or superseded (<c>token_invalid</c>).</summary>
    TokenInvalid = 1,
    /// <summary>The access token outlived its lifetime; refresh it (<c>access_token_expired</c>).</summary>
    AccessTokenExpired = 2,
    /// <summary>No such session in this tenant (<c>session_not_found</c>).</summary>
    SessionNotFound = 3,
    /// <summary>The session passed its idle or absolute expiry (<c>session_expired</c>).</summary>
    SessionExpired = 4,
    /// <summary>The session was revoked (<c>session_revoked</c>).</summary>
    SessionRevoked = 5,
    /// <summary>A used refresh token was presented after the grace window; the session is now revoked (<c>refresh_token_reused</c>).</summary>
    RefreshTokenReused = 6,
    /// <summary>The user has as many sessions as the tenant allows (<c>session_limit_reached</c>).</summary>
    SessionLimitReached = 7,
    /// <summary>A session with this id already exists: a create retried with its idempotency key after the session changed (<c>session_exists</c>, 409).</summary>
    SessionExists = 8,
    /// <summary>The data was changed since the version the caller read (<c>version_conflict</c>).</summary>
    VersionConflict = 9,
    /// <summary>The user has no confirmed TOTP enrolment (<c>mfa_not_enrolled</c>).</summary>
    MfaNotEnrolled = 10,
    /// <summary>The user already has a confirmed TOTP enrolment (<c>mfa_already_enrolled</c>).</summary>
    MfaAlreadyEnrolled = 11,
    /// <summary>The code is wrong, outside the accepted window or already used (<c>mfa_code_invalid</c>).</summary>
    MfaCodeInvalid = 12,
    /// <summary>Too many wrong codes: the user's second factor is locked for a while (<c>mfa_locked</c>).</summary>
    MfaLocked = 13,
    /// <summary>
    /// Too many wrong codes in a row overall: the second factor refuses every code until the app resets it (removes
    /// the enrolment, then the user enrols again) (<c>mfa_reset_required</c>).
    /// </summary>
    MfaResetRequired = 14,
}

/// <summary>Who is using a session: the network address and user agent an app reports.</summary>
[GenerateSerializer, Immutable, Alias("ClientInfo")]
public sealed record ClientInfo
{
    /// <summary>Client IP address as the app saw it.</summary>
    [Id(0)] public string? Ip { get; init; }
    /// <summary>User-Agent header as the app saw it.</summary>
    [Id(1)] public string? UserAgent { get; init; }
}

/// <summary>The device a session lives on.</summary>
[GenerateSerializer, Immutable, Alias("DeviceInfo")]
public sealed record DeviceInfo
{
    /// <summary>Stable device id chosen by the app; derived by the service when absent.</summary>
    [Id(0)] public string? Id { get; init; }
    /// <summary>Human-readable name, e.g. "Anna's phone".</summary>
    [Id(1)] public string? Name { get; init; }
    /// <summary>Kind of device, e.g. "browser", "mobile", "tv".</summary>
    [Id(2)] public string? Type { get; init; }
}

/// <summary>A request to open a session for a user the app has authenticated.</summary>
[GenerateSerializer, Immutable, Alias("CreateSessionCommand")]
public sealed record CreateSessionCommand
{
    /// <summary>The app's id for the user (1–256 characters).</summary>
    [Id(0)] public required string UserId { get; init; }
    /// <summary>The device the session is opened on.</summary>
    [Id(1)] public DeviceInfo? Device { get; init; }
    /// <summary>The client that asked for the session.</summary>
    [Id(2)] public ClientInfo? Client { get; init; }
    /// <summary>Initial session data as a JSON object text, or null.</summary>
    [Id(3)] public string? DataJson { get; init; }
    /// <summary>Use the tenant's remember-me lifetime as the absolute cap.</summary>
    [Id(4)] public bool RememberMe { get; init; }
    /// <summary>Authenticator assurance level the app established (1 or 2).</summary>
    [Id(5)] public int Aal { get; init; } = 1;
    /// <summary>
    /// Makes the create safe to retry: a secret of 256 random bits (exactly 43 base64url characters) the caller generates
    /// per create and resends unchanged on retry. The same key for the same user yields the same session and the same
    /// tokens, never a second session; for another user it names another session. Keep it as secret as a token: the
    /// first tokens derive from it.
    /// </summary>
    [Id(8)] public string? IdempotencyKey { get; init; }
    // Ids 6, 7 and 9 were the cluster's own (how the device joined); they moved to an internal record. Never reuse them.
}

/// <summary>How a device joined a user.</summary>
public static class DeviceLinkKinds
{
    /// <summary>The app authenticated the user on it.</summary>
    public const string Login = "login";
    /// <summary>A signed-in device of the user approved it (device linking).</summary>
    public const string Link = "link";
}

/// <summary>Session data and its version (the ETag).</summary>
[GenerateSerializer, Immutable, Alias("DataResult")]
public sealed record DataResult
{
    /// <summary><see cref="SessionError.None"/> on success.</summary>
    [Id(0)] public SessionError Error { get; init; }
    /// <summary>The data, a JSON object text.</summary>
    [Id(1)] public string DataJson { get; init; } = "{}";
    /// <summary>Increases by one with every write.</summary>
    [Id(2)] public long Version { get; init; }
}

/// <summary>A device of a user, as the user's device list shows it.</summary>
[GenerateSerializer, Immutable, Alias("DeviceView")]
public sealed record DeviceView
{
    /// <summary>Device id.</summary>
    [Id(0)] public required string DeviceId { get; init; }
    /// <summary>Name given by the app.</summary>
    [Id(1)] public string? Name { get; init; }
    /// <summary>Kind of device.</summary>
    [Id(2)] public string? Type { get; init; }
    /// <summary>First session on this device.</summary>
    [Id(3)] public DateTimeOffset FirstSeenAt { get; init; }
    /// <summary>Last activity of any of its sessions.</summary>
    [Id(4)] public DateTimeOffset LastSeenAt { get; init; }
    /// <summary><c>login</c> or <c>link</c>.</summary>
    [Id(5)] public string LinkedVia { get; init; } = DeviceLinkKinds.Login;
    /// <summary>How many active sessions it has.</summary>
    [Id(6)] public int ActiveSessions { get; init; }
}

/// <summary>What anyone allowed to see a session sees of it. Never carries a token.</summary>
[GenerateSerializer, Immutable, Alias("SessionView")]
public sealed record SessionView
{
    /// <summary>Session id (not a credential).</summary>
    [Id(0)] public required string SessionId { get; init; }
    /// <summary>Owner's user id.</summary>
    [Id(1)] public required string UserId { get; init; }
    /// <summary>Device the session lives on.</summary>
    [Id(2)] public required DeviceInfo Device { get; init; }
    /// <summary>Status at the moment of the call.</summary>
    [Id(3)] public SessionStatus Status { get; init; }
    /// <summary>Why the session ended, when it did (e.g. <c>logout</c>, <c>refresh_token_reused</c>).</summary>
    [Id(4)] public string? EndReason { get; init; }
    /// <summary>Authenticator assurance level (1 or 2).</summary>
    [Id(5)] public int Aal { get; init; }
    /// <summary>When the session was created.</summary>
    [Id(6)] public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last activity.</summary>
    [Id(7)] public DateTimeOffset LastSeenAt { get; init; }
    /// <summary>When the session ends unless used again.</summary>
    [Id(8)] public DateTimeOffset IdleExpiresAt { get; init; }
    /// <summary>When the session ends whatever happens.</summary>
    [Id(9)] public DateTimeOffset AbsoluteExpiresAt { get; init; }
    /// <summary>When the current access token stops working.</summary>
    [Id(10)] public DateTimeOffset AccessTokenExpiresAt { get; init; }
    /// <summary>True inside the tenant's warning window before either expiry.</summary>
    [Id(11)] public bool ExpiresSoon { get; init; }
    /// <summary>The client the session was last used from.</summary>
    [Id(12)] public ClientInfo Client { get; init; } = new();
    /// <summary>
    /// The session looked suspicious (new network or user agent, or a new device) and the tenant's policy
    /// (<c>StepUpOnRisk</c>) wants a second factor before the session is trusted again.
    /// </summary>
    [Id(13)] public bool StepUpRequired { get; init; }
    /// <summary>Opened with remember-me: its absolute cap is the tenant's <c>RememberMeLifetime</c>, and its cookies persist.</summary>
    [Id(14)] public bool RememberMe { get; init; }
}

/// <summary>A freshly issued credential set. Only ever sent to the caller; the service keeps hashes.</summary>
[GenerateSerializer, Immutable, Alias("SessionTokens")]
public sealed record SessionTokens
{
    /// <summary>Bearer token for requests; short-lived.</summary>
    [Id(0)] public required string AccessToken { get; init; }
    /// <summary>Single-use token that obtains the next pair.</summary>
    [Id(1)] public required string RefreshToken { get; init; }
    /// <summary>Double-submit CSRF token bound to the access token (cookie mode).</summary>
    [Id(2)] public required string CsrfToken { get; init; }
}

/// <summary>Outcome of a session operation: a view (and tokens when issued), or an error.</summary>
[GenerateSerializer, Immutable, Alias("SessionResult")]
public sealed record SessionResult
{
    /// <summary><see cref="SessionError.None"/> on success.</summary>
    [Id(0)] public SessionError Error { get; init; }
    /// <summary>The session as it stands after the operation; present on success and for dead sessions.</summary>
    [Id(1)] public SessionView? Session { get; init; }
    /// <summary>Tokens issued by this operation (create, refresh).</summary>
    [Id(2)] public SessionTokens? Tokens { get; init; }
    /// <summary>With <see cref="SessionError.MfaLocked"/>: when codes are accepted again.</summary>
    [Id(3)] public DateTimeOffset? RetryAt { get; init; }

    /// <summary>True when <see cref="Error"/> is <see cref="SessionError.None"/>.</summary>
    public bool Succeeded => Error == SessionError.None;

    /// <summary>A failed outcome.</summary>
    public static SessionResult Fail(SessionError error, SessionView? session = null) => new() { Error = error, Session = session };

    /// <summary>A successful outcome.</summary>
    public static SessionResult Ok(SessionView session, SessionTokens? tokens = null) => new() { Session = session, Tokens = tokens };
}
