namespace SessionCluster.Api.Contracts;

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
    /// <summary>Added to the contract: opened with remember-me (its cookies persist; others last the browser session).</summary>
    public bool RememberMe { get; } = v.RememberMe;
}
