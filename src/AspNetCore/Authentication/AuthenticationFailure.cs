namespace SessionCluster.AspNetCore.Authentication;

/// <summary>
/// Why authentication did not succeed, kept on the request (<c>HttpContext.Features</c>) so the challenge answers with
/// the right status and code: 401 for a credential that is not good, 403 <c>csrf_invalid</c>, 503 for an outage
/// (never 401), 429 when the cluster limited the caller.
/// </summary>
/// <param name="Status">The status the challenge answers with.</param>
/// <param name="Code">The API's stable code.</param>
/// <param name="Message">Why, for the problem's title.</param>
/// <param name="ViaCookie">The credential was the access cookie (a dead session's cookies are cleared).</param>
public sealed record AuthenticationFailure(int Status, string Code, string Message, bool ViaCookie)
{
    /// <summary><c>Retry-After</c> for 429 and 503.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
