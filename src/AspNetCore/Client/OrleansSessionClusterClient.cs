using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SessionCluster.AspNetCore.Client;

/// <summary>
/// <see cref="ISessionClusterClient"/> as an Orleans client of the cluster (for services inside the cluster's network):
/// the grain calls the HTTP API makes, scoped to <c>SessionCluster:Client:TenantId</c>, without the HTTP hop. The app
/// configures its own <c>UseOrleansClient</c> (clustering, TLS). Device links need the HTTP transport.
/// </summary>
internal sealed class OrleansSessionClusterClient(IGrainFactory grains, IOptions<SessionClusterClientOptions> options) : ISessionClusterClient
{
    private string Tenant => options.Value.TenantId!;

    public async Task<IssuedSession> CreateSessionAsync(NewSession session, CancellationToken cancellationToken = default)
    {
        var command = new CreateSessionCommand
        {
            UserId = session.UserId,
            Device = session.Device is { } d ? new DeviceInfo { Id = d.Id, Name = d.Name, Type = d.Type } : null,
            Client = Client(session.Client),
            DataJson = session.Data is { } data ? data.GetRawText() : null,
            RememberMe = session.RememberMe,
            Aal = session.Aal,
            // As the API does: a create that is repeated after a lost answer finds the same session.
            IdempotencyKey = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)),
        };
        return Issued(await CallAsync(() => grains.CreateSessionAsync(Tenant, command)));
    }

    public async Task<SessionInfo> ValidateAsync(string accessToken, ClientDetails? client = null, CancellationToken cancellationToken = default) =>
        View(await CallAsync(() => grains.ValidateAsync(Tenant, accessToken, Client(client))));

    public async Task<IssuedSession> RefreshAsync(string refreshToken, ClientDetails? client = null, CancellationToken cancellationToken = default) =>
        Issued(await CallAsync(() => grains.RefreshAsync(Tenant, refreshToken, Client(client))));

    public async Task<SessionInfo> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        View(await CallAsync(() => grains.GetSessionGrain(Tenant, sessionId).GetAsync()), sessionOperation: true);

    public Task RevokeSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        CallAsync(() => grains.GetSessionGrain(Tenant, sessionId).RevokeAsync("revoked"));

    public async Task<SessionInfo> ExtendSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        View(await CallAsync(() => grains.GetSessionGrain(Tenant, sessionId).ExtendAsync()), sessionOperation: true);

    public async Task<SessionData> GetDataAsync(string sessionId, CancellationToken cancellationToken = default) =>
        Data(await CallAsync(() => grains.GetSessionGrain(Tenant, sessionId).GetDataAsync()));

    public async Task<SessionData> PutDataAsync(string sessionId, JsonElement data, long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        Data(await CallAsync(() => grains.GetSessionGrain(Tenant, sessionId).PutDataAsync(data.GetRawText(), expectedVersion)));

    public async Task<IssuedSession> StepUpAsync(string sessionId, string totpCode, CancellationToken cancellationToken = default) =>
        Issued(await CallAsync(() => grains.GetSessionGrain(Tenant, sessionId).StepUpAsync(totpCode, null)));

    public async Task<IReadOnlyList<SessionInfo>> ListUserSessionsAsync(string userId, CancellationToken cancellationToken = default) =>
        [.. (await CallAsync(() => grains.GetUserGrain(Tenant, userId).ListSessionsAsync())).Select(ToInfo)];

    public Task<int> RevokeUserSessionsAsync(string userId, string? exceptSessionId = null, CancellationToken cancellationToken = default) =>
        CallAsync(() => grains.GetUserGrain(Tenant, userId).RevokeAllAsync(exceptSessionId, "revoked_all"));

    public async Task<IReadOnlyList<UserDevice>> ListDevicesAsync(string userId, CancellationToken cancellationToken = default) =>
        [.. (await CallAsync(() => grains.GetUserGrain(Tenant, userId).ListDevicesAsync())).Select(d => new UserDevice
        {
            DeviceId = d.DeviceId,
            Name = d.Name,
            Type = d.Type,
            FirstSeenAt = d.FirstSeenAt,
            LastSeenAt = d.LastSeenAt,
            LinkedVia = d.LinkedVia,
            ActiveSessions = d.ActiveSessions,
        })];

    public async Task RemoveDeviceAsync(string userId, string deviceId, CancellationToken cancellationToken = default)
    {
        if (await CallAsync(() => grains.GetUserGrain(Tenant, userId).RemoveDeviceAsync(deviceId)) is null)
        {
            throw new SessionClusterException(404, "device_not_found", "No such device.");
        }
    }

    public async Task<IReadOnlyList<SessionEventInfo>> ListUserEventsAsync(string userId, int limit = 100, CancellationToken cancellationToken = default) =>
        [.. (await CallAsync(() => grains.GetUserGrain(Tenant, userId).GetEventsAsync(Math.Clamp(limit, 1, EventHistory.Limit)))).Select(e => new SessionEventInfo
        {
            Id = e.Id,
            Type = e.Type,
            At = e.At,
            SessionId = e.SessionId,
            DeviceId = e.DeviceId,
            UserId = userId,
            Detail = JsonSerializer.SerializeToElement(e.Detail),
        })];

    public async Task<TotpEnrolmentInfo> EnrolTotpAsync(string userId, CancellationToken cancellationToken = default)
    {
        var enrolment = await CallAsync(() => grains.GetMfaGrain(Tenant, userId).EnrolAsync());
        if (enrolment.Error != SessionError.None)
        {
            throw Problem(enrolment.Error);
        }
        return new TotpEnrolmentInfo(enrolment.Secret!, enrolment.OtpauthUri!);
    }

    public async Task ConfirmTotpAsync(string userId, string code, CancellationToken cancellationToken = default)
    {
        var check = await CallAsync(() => grains.GetMfaGrain(Tenant, userId).ConfirmAsync(code));
        if (!check.Succeeded)
        {
            throw Problem(check.Error);
        }
    }

    public Task EraseUserAsync(string userId, CancellationToken cancellationToken = default) =>
        CallAsync(() => grains.GetUserGrain(Tenant, userId).EraseAsync());

    public Task<DeviceLinkInfo> StartDeviceLinkAsync(DeviceDetails? device = null, ClientDetails? client = null, CancellationToken cancellationToken = default) =>
        throw LinksNeedHttp();

    public Task<DeviceLinkApproval> ApproveDeviceLinkAsync(string userCode, string accessToken, CancellationToken cancellationToken = default) =>
        throw LinksNeedHttp();

    public Task<DeviceLinkState> PollDeviceLinkAsync(string linkId, int waitSeconds = 0, CancellationToken cancellationToken = default) =>
        throw LinksNeedHttp();

    private static NotSupportedException LinksNeedHttp() =>
        new("Device links involve the API's own checks (approving session, rate limits): use the HTTP transport (SessionCluster:Client:Transport=Http) for them.");

    /// <summary>A grain call; a cluster that cannot be reached, or storage that refused a write, is an outage.</summary>
    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (StorageUnavailableException ex)
        {
            throw new SessionClusterUnavailableException("SessionCluster's storage refused the write; nothing was changed.", ex, "storage_unavailable");
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            throw new SessionClusterUnavailableException($"The SessionCluster cluster did not answer: {ex.GetType().Name}.", ex);
        }
    }

    private static async Task CallAsync(Func<Task> call) => await CallAsync(async () => { await call().ConfigureAwait(false); return true; }).ConfigureAwait(false);

    private static ClientInfo? Client(ClientDetails? client) => client is null ? null : new ClientInfo { Ip = client.Ip, UserAgent = client.UserAgent };

    /// <summary>The view of a success; otherwise the problem (a dead session is 401 for validate, 410 for the session's own operations).</summary>
    private static SessionInfo View(SessionResult result, bool sessionOperation = false) =>
        result.Succeeded ? ToInfo(result.Session!) : throw Problem(result.Error, dead: sessionOperation ? 410 : 401);

    private static IssuedSession Issued(SessionResult result)
    {
        if (!result.Succeeded)
        {
            throw Problem(result.Error, dead: 401);
        }
        var v = ToInfo(result.Session!);
        var t = result.Tokens!;
        return new IssuedSession
        {
            SessionId = v.SessionId,
            UserId = v.UserId,
            DeviceId = v.DeviceId,
            Status = v.Status,
            EndReason = v.EndReason,
            Aal = v.Aal,
            CreatedAt = v.CreatedAt,
            LastSeenAt = v.LastSeenAt,
            IdleExpiresAt = v.IdleExpiresAt,
            AbsoluteExpiresAt = v.AbsoluteExpiresAt,
            AccessTokenExpiresAt = v.AccessTokenExpiresAt,
            ExpiresSoon = v.ExpiresSoon,
            StepUpRequired = v.StepUpRequired,
            RememberMe = v.RememberMe,
            Client = v.Client,
            Device = v.Device,
            AccessToken = t.AccessToken,
            RefreshToken = t.RefreshToken,
            CsrfToken = t.CsrfToken,
        };
    }

    private static SessionData Data(DataResult result) =>
        result.Error == SessionError.None
            ? new SessionData(JsonDocument.Parse(result.DataJson).RootElement.Clone(), result.Version)
            : throw Problem(result.Error, dead: 410);

    internal static SessionInfo ToInfo(SessionView v) => new()
    {
        SessionId = v.SessionId,
        UserId = v.UserId,
        DeviceId = v.Device.Id ?? "",
        Status = v.Status switch { SessionStatus.Active => "active", SessionStatus.Revoked => "revoked", _ => "expired" },
        EndReason = v.EndReason,
        Aal = v.Aal,
        CreatedAt = v.CreatedAt,
        LastSeenAt = v.LastSeenAt,
        IdleExpiresAt = v.IdleExpiresAt,
        AbsoluteExpiresAt = v.AbsoluteExpiresAt,
        AccessTokenExpiresAt = v.AccessTokenExpiresAt,
        ExpiresSoon = v.ExpiresSoon,
        StepUpRequired = v.StepUpRequired,
        RememberMe = v.RememberMe,
        Client = new ClientDetails(v.Client.Ip, v.Client.UserAgent),
        Device = new DeviceDetails(v.Device.Id, v.Device.Name, v.Device.Type),
    };

    /// <summary>The API's status and code for a grain's error (as its ApiProblem maps them).</summary>
    private static SessionClusterException Problem(SessionError error, int dead = 401) => error switch
    {
        SessionError.TokenInvalid => new(401, "token_invalid", "The token is not valid."),
        SessionError.AccessTokenExpired => new(401, "access_token_expired", "The access token has expired; refresh it."),
        SessionError.SessionExpired => new(dead, "session_expired", "The session has expired."),
        SessionError.SessionRevoked => new(dead, "session_revoked", "The session has been revoked."),
        SessionError.RefreshTokenReused => new(401, "refresh_token_reused", "A used refresh token was presented again; the session has been revoked."),
        SessionError.SessionLimitReached => new(409, "session_limit_reached", "The user has reached the tenant's session limit."),
        SessionError.SessionNotFound => new(404, "session_not_found", "No such session."),
        SessionError.SessionExists => new(409, "session_exists", "A retried create met a session that has moved on; create again."),
        SessionError.VersionConflict => new(412, "version_conflict", "The data changed since the version given."),
        SessionError.MfaNotEnrolled => new(400, "mfa_not_enrolled", "The user has no confirmed TOTP enrolment."),
        SessionError.MfaAlreadyEnrolled => new(409, "mfa_already_enrolled", "The user already has a confirmed TOTP enrolment."),
        SessionError.MfaCodeInvalid => new(401, "mfa_code_invalid", "The code is not valid."),
        SessionError.MfaLocked => new(429, "mfa_locked", "Too many wrong codes: the second factor is locked for a while."),
        SessionError.MfaResetRequired => new(403, "mfa_reset_required", "The second factor must be reset."),
        _ => new(500, "internal_error", $"Unexpected outcome {error}."),
    };
}
