namespace SessionCluster.Api.Contracts;

/// <summary>
/// <c>?format=json</c>: the identity as a body too, for gateways that read it from JSON (Ory Oathkeeper's
/// <c>cookie_session</c> and <c>bearer_token</c> authenticators read <c>subject</c> and <c>extra</c> by default).
/// </summary>
public sealed class ForwardAuthIdentityDto(SessionView v)
{
    public string Subject { get; } = v.UserId;
    public ForwardAuthExtraDto Extra { get; } = new(v.SessionId, v.Device.Id ?? "", v.Aal, v.ExpiresSoon);
}
