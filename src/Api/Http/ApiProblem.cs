using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace SessionCluster.Api.Http;

public static class ApiProblem
{
    /// <summary>How a dead session is answered: 401 where a credential was presented, 410 where a session was addressed.</summary>
    public enum DeadAs { Unauthorized, Gone }

    public static ProblemDetails Details(int status, string code, string title, IDictionary<string, string[]>? errors = null)
    {
        var details = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        details.Status = status;
        details.Title = title;
        details.Type = $"urn:sessioncluster:problem:{code}";
        details.Extensions["code"] = code;
        return details;
    }

    public static ProblemHttpResult Result(int status, string code, string title, IDictionary<string, string[]>? errors = null) =>
        TypedResults.Problem(Details(status, code, title, errors));

    public static ApiProblemException Validation(string field, string message) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "The request is not valid.", new Dictionary<string, string[]> { [field] = [message] });

    public static ApiProblemException SessionNotFound() =>
        new(StatusCodes.Status404NotFound, ErrorCodes.SessionNotFound, "No such session.");

    /// <summary>The problem for a failed session operation.</summary>
    public static ProblemHttpResult For(SessionError error, DeadAs deadAs = DeadAs.Unauthorized)
    {
        var (status, code, title) = Describe(error, deadAs);
        return Result(status, code, title);
    }

    /// <summary>The same problem, thrown (for failures found while binding a caller).</summary>
    public static ApiProblemException Exception(SessionError error, DeadAs deadAs = DeadAs.Unauthorized, string? challenge = null)
    {
        var (status, code, title) = Describe(error, deadAs);
        return new ApiProblemException(status, code, title) { Challenge = challenge };
    }

    private static (int Status, string Code, string Title) Describe(SessionError error, DeadAs deadAs)
    {
        var deadStatus = deadAs == DeadAs.Gone ? StatusCodes.Status410Gone : StatusCodes.Status401Unauthorized;
        return error switch
        {
            SessionError.TokenInvalid => (401, ErrorCodes.TokenInvalid, "The token is not valid."),
            SessionError.AccessTokenExpired => (401, ErrorCodes.AccessTokenExpired, "The access token has expired; refresh it."),
            SessionError.SessionExpired => (deadStatus, ErrorCodes.SessionExpired, "The session has expired."),
            SessionError.SessionRevoked => (deadStatus, ErrorCodes.SessionRevoked, "The session has been revoked."),
            SessionError.RefreshTokenReused => (401, ErrorCodes.RefreshTokenReused, "A used refresh token was presented again; the session has been revoked."),
            SessionError.SessionLimitReached => (409, ErrorCodes.SessionLimitReached, "The user has reached the tenant's session limit."),
            SessionError.SessionNotFound => (404, ErrorCodes.SessionNotFound, "No such session."),
            SessionError.SessionExists => (409, ErrorCodes.SessionExists, "A retried create met a session that has moved on; create again."),
            SessionError.VersionConflict => (412, ErrorCodes.VersionConflict, "The data changed since the version given in If-Match; read it again and retry."),
            SessionError.MfaNotEnrolled => (400, ErrorCodes.MfaNotEnrolled, "The user has no confirmed TOTP enrolment."),
            SessionError.MfaAlreadyEnrolled => (409, ErrorCodes.MfaAlreadyEnrolled, "The user already has a confirmed TOTP enrolment."),
            SessionError.MfaCodeInvalid => (401, ErrorCodes.MfaCodeInvalid, "The code is not valid (wrong, too old, or already used)."),
            SessionError.MfaLocked => (429, ErrorCodes.MfaLocked, "Too many wrong codes: the second factor is locked for a while."),
            SessionError.MfaResetRequired => (403, ErrorCodes.MfaResetRequired,
                "Too many wrong codes in a row: the second factor is disabled until the app removes it and the user enrols again."),
            _ => throw new InvalidOperationException($"No problem mapping for {error}."),
        };
    }
}
