namespace SessionCluster.AspNetCore.Client;

/// <summary>The API's "session-with-tokens": the view plus a freshly issued credential set.</summary>
public sealed record IssuedSession : SessionInfo
{
    /// <summary>The access token (short-lived). Never log it.</summary>
    public required string AccessToken { get; init; }
    /// <summary>The single-use refresh token. Never log it.</summary>
    public required string RefreshToken { get; init; }
    /// <summary>The double-submit CSRF token bound to the access token (cookie mode).</summary>
    public required string CsrfToken { get; init; }

    /// <summary>Leaves the tokens out, so a logged record never shows them.</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("SessionId = ").Append(SessionId).Append(", UserId = ").Append(UserId);
        return true;
    }
}
