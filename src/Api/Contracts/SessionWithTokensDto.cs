namespace SessionCluster.Api.Contracts;

/// <summary>The "session-with-tokens" of docs/api.md: the view plus freshly issued tokens.</summary>
public sealed class SessionWithTokensDto(SessionView v, SessionTokens tokens) : SessionViewDto(v)
{
    public string AccessToken { get; } = tokens.AccessToken;
    public string RefreshToken { get; } = tokens.RefreshToken;
    public string CsrfToken { get; } = tokens.CsrfToken;
}
