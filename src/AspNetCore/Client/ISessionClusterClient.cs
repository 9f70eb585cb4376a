using System.Text.Json;

namespace SessionCluster.AspNetCore.Client;

/// <summary>
/// The service endpoints of SessionCluster (those an app calls with its <c>X-Api-Key</c>). Problems throw
/// <see cref="SessionClusterException"/> with the API's stable code; outages throw
/// <see cref="SessionClusterUnavailableException"/>. Over HTTP, the repeat-safe calls (reads, validate, deletes,
/// revocations, erasure) are retried on transient failures; the others are sent once.
/// </summary>
public interface ISessionClusterClient
{
    /// <summary><c>POST /v1/sessions</c>: opens a session after the app's own login.</summary>
    Task<IssuedSession> CreateSessionAsync(NewSession session, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/sessions/validate</c>: checks an access token; activity. 401 codes throw.</summary>
    Task<SessionInfo> ValidateAsync(string accessToken, ClientDetails? client = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/sessions/refresh</c>: rotates the pair.</summary>
    Task<IssuedSession> RefreshAsync(string refreshToken, ClientDetails? client = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/sessions/{id}</c>: reads a session (not activity).</summary>
    Task<SessionInfo> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v1/sessions/{id}</c>: ends a session (idempotent).</summary>
    Task RevokeSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/sessions/{id}/extend</c>: renews the idle window now (stored before it answers).</summary>
    Task<SessionInfo> ExtendSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/sessions/{id}/data</c>.</summary>
    Task<SessionData> GetDataAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v1/sessions/{id}/data</c>, with <c>If-Match</c> when <paramref name="expectedVersion"/> is given.</summary>
    Task<SessionData> PutDataAsync(string sessionId, JsonElement data, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/sessions/{id}/step-up</c> with a TOTP code: AAL2 and a new pair.</summary>
    Task<IssuedSession> StepUpAsync(string sessionId, string totpCode, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/users/{userId}/sessions</c>: the user's active sessions.</summary>
    Task<IReadOnlyList<SessionInfo>> ListUserSessionsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v1/users/{userId}/sessions</c>: signs the user out everywhere (but <paramref name="exceptSessionId"/>).</summary>
    Task<int> RevokeUserSessionsAsync(string userId, string? exceptSessionId = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/users/{userId}/devices</c>.</summary>
    Task<IReadOnlyList<UserDevice>> ListDevicesAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v1/users/{userId}/devices/{deviceId}</c>: revokes the device's sessions and forgets it.</summary>
    Task RemoveDeviceAsync(string userId, string deviceId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/users/{userId}/events</c>, newest first.</summary>
    Task<IReadOnlyList<SessionEventInfo>> ListUserEventsAsync(string userId, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/users/{userId}/totp</c>: starts a TOTP enrolment.</summary>
    Task<TotpEnrolmentInfo> EnrolTotpAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/users/{userId}/totp/confirm</c> with the first code.</summary>
    Task ConfirmTotpAsync(string userId, string code, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v1/users/{userId}</c>: GDPR erasure of the user's sessions, devices, events and MFA.</summary>
    Task EraseUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/device-links</c>: a new device asks to be linked.</summary>
    Task<DeviceLinkInfo> StartDeviceLinkAsync(DeviceDetails? device = null, ClientDetails? client = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v1/device-links/approve</c>: an active session of the user approves the code.</summary>
    Task<DeviceLinkApproval> ApproveDeviceLinkAsync(string userCode, string accessToken, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v1/device-links/{linkId}</c> (long poll up to <paramref name="waitSeconds"/>, at most 30).</summary>
    Task<DeviceLinkState> PollDeviceLinkAsync(string linkId, int waitSeconds = 0, CancellationToken cancellationToken = default);
}
