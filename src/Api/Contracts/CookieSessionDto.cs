namespace SessionCluster.Api.Contracts;

/// <summary>Cookie mode: the tokens went into HttpOnly cookies; only the CSRF token is for the page's script.</summary>
public sealed class CookieSessionDto(SessionView v, SessionTokens tokens) : SessionViewDto(v)
{
    public string CsrfToken { get; } = tokens.CsrfToken;
}
