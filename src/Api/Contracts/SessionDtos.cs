namespace SessionCluster.Api.Contracts;

public sealed record ClientDto(string? Ip, string? UserAgent)
{
    public static ClientDto From(ClientInfo client) => new(client.Ip, client.UserAgent);

    public ClientInfo ToClientInfo() => new() { Ip = Ip, UserAgent = UserAgent };
}

public sealed record DeviceRequestDto(string? Id, string? Name, string? Type);

public sealed record SessionDeviceDto(string DeviceId, string? Name, string? Type);

/// <summary>The "session view" of docs/api.md. Never carries a token.</summary>
public class SessionViewDto(SessionView v)
{
    public string SessionId { get; } = v.SessionId;
    public string UserId { get; } = v.UserId;
    public string DeviceId { get; } = v.Device.Id ?? "";
    public string Status { get; } = v.Status switch
    {
        SessionStatus.Active => "active",
        SessionStatus.Revoked => "revoked",
        _ => "expired",
    };
    /// <summary>Why the session ended (added to the contract): <c>logout</c>, <c>revoked</c>, <c>refresh_token_reused</c>, <c>expired</c>, ….</summary>
    public string? EndReason { get; } = v.EndReason;
    public int Aal { get; } = v.Aal;
    public DateTimeOffset CreatedAt { get; } = v.CreatedAt;
    public DateTimeOffset LastSeenAt { get; } = v.LastSeenAt;
    public DateTimeOffset IdleExpiresAt { get; } = v.IdleExpiresAt;
    public DateTimeOffset AbsoluteExpiresAt { get; } = v.AbsoluteExpiresAt;
    public DateTimeOffset AccessTokenExpiresAt { get; } = v.AccessTokenExpiresAt;
    public bool ExpiresSoon { get; } = v.ExpiresSoon;
    public ClientDto Client { get; } = ClientDto.From(v.Client);
    public SessionDeviceDto Device { get; } = new(v.Device.Id ?? "", v.Device.Name, v.Device.Type);
    /// <summary>Added to the contract: the tenant wants a second factor before this session is trusted again (StepUpOnRisk).</summary>
    public bool StepUpRequired { get; } = v.StepUpRequired;
}

/// <summary>The "session-with-tokens" of docs/api.md: the view plus freshly issued tokens.</summary>
public sealed class SessionWithTokensDto(SessionView v, SessionTokens tokens) : SessionViewDto(v)
{
    public string AccessToken { get; } = tokens.AccessToken;
    public string RefreshToken { get; } = tokens.RefreshToken;
    public string CsrfToken { get; } = tokens.CsrfToken;
}

/// <summary>Cookie mode: the tokens went into HttpOnly cookies; only the CSRF token is for the page's script.</summary>
public sealed class CookieSessionDto(SessionView v, SessionTokens tokens) : SessionViewDto(v)
{
    public string CsrfToken { get; } = tokens.CsrfToken;
}

/// <summary>A pending TOTP enrolment (shown once).</summary>
public sealed record TotpEnrolmentDto(string Secret, string OtpauthUri);

/// <summary>Whether a user has a confirmed TOTP enrolment.</summary>
public sealed record TotpStatusDto(bool Enrolled);

/// <summary>A session in the caller's own list, marked when it is the one making the call.</summary>
public sealed class MySessionDto(SessionView v, bool current) : SessionViewDto(v)
{
    public bool Current { get; } = current;
}

public sealed record SessionListDto(IReadOnlyList<SessionViewDto> Sessions);

public sealed record MySessionListDto(IReadOnlyList<MySessionDto> Sessions);

public sealed record RevokedCountDto(int Revoked);

/// <summary>The "event" of docs/api.md.</summary>
public sealed record EventDto(string Id, string Type, DateTimeOffset At, string? SessionId, string? DeviceId, IReadOnlyDictionary<string, string> Detail)
{
    public static EventDto From(SessionEvent e) => new(e.Id, e.Type, e.At, e.SessionId, e.DeviceId, e.Detail);
}

public sealed record EventListDto(IReadOnlyList<EventDto> Events);

/// <summary>Session data and its version (also sent as the ETag).</summary>
public sealed record DataDto(System.Text.Json.JsonElement Data, long Version);

/// <summary>The "device" of docs/api.md.</summary>
public sealed record DeviceDto(string DeviceId, string? Name, string? Type, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, string LinkedVia, int ActiveSessions)
{
    public static DeviceDto From(DeviceView d) => new(d.DeviceId, d.Name, d.Type, d.FirstSeenAt, d.LastSeenAt, d.LinkedVia, d.ActiveSessions);
}

public sealed record DeviceListDto(IReadOnlyList<DeviceDto> Devices);

public sealed record DeviceLinkStartDto(string LinkId, string UserCode, DateTimeOffset ExpiresAt);

public sealed record ApprovedLinkDto(string LinkId, string UserId);

/// <summary><c>status</c>: pending, approved, consumed or expired; <c>session</c> only on the one answer that hands it over.</summary>
public sealed record DeviceLinkStatusDto(string Status, SessionWithTokensDto? Session);
