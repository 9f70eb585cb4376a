using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using SessionCluster.Api.Contracts;
using SessionCluster.Api.Http;
using SessionCluster.Api.OpenApi;

namespace SessionCluster.Api;

/// <summary>/v1/sessions: what a tenant's back end does with its users' sessions (X-Api-Key).</summary>
public static class SessionsApi
{
    public static RouteGroupBuilder MapSessionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/sessions").WithTags("Sessions");
        group.MapPost("/", CreateAsync).WithName("CreateSession").RequireRateLimiting(RateLimits.Create)
            .WithSummary("Create a session")
            .WithDescription("Signs a user in on a device: a new session and its token pair (the only time the tokens are shown). " +
                "At the tenant's session limit the oldest session is revoked or the create is refused, as the tenant's policy says.")
            .ProducesProblems(StatusCodes.Status409Conflict, ErrorCodes.SessionLimitReached, ErrorCodes.SessionExists)
            .WithRequestExample("""{"userId":"alice","device":{"id":"laptop-1","name":"Alice's laptop","type":"desktop"},"client":{"ip":"203.0.113.7","userAgent":"Mozilla/5.0"},"rememberMe":true}""");
        group.MapPost("/validate", ValidateAsync).WithName("ValidateSession")
            .WithSummary("Validate an access token")
            .WithDescription("The hot path: checks an access token and answers the session view. Counts as activity (slides the idle expiry). " +
                "Unknown tokens are limited per end-user address (429).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, ErrorCodes.TokenInvalid, ErrorCodes.AccessTokenExpired, ErrorCodes.SessionExpired, ErrorCodes.SessionRevoked)
            .ProducesProblems(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited)
            .WithRequestExample("""{"accessToken":"acme.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","client":{"ip":"203.0.113.7"}}""");
        group.MapPost("/refresh", RefreshAsync).WithName("RefreshSession").RequireRateLimiting(RateLimits.Refresh)
            .WithSummary("Refresh a session's tokens")
            .WithDescription("Rotates the token pair with the refresh token. A refresh token used twice revokes the session (refresh_token_reused).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, ErrorCodes.TokenInvalid, ErrorCodes.SessionExpired, ErrorCodes.SessionRevoked, ErrorCodes.RefreshTokenReused)
            .WithRequestExample("""{"refreshToken":"acme.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}""");
        group.MapGet("/{sessionId}", GetAsync).WithName("GetSession")
            .WithSummary("Get a session")
            .WithDescription("The session view of one of the tenant's sessions, live or ended. Not activity.")
            .ProducesProblems(StatusCodes.Status404NotFound, ErrorCodes.SessionNotFound);
        group.MapDelete("/{sessionId}", RevokeAsync).WithName("RevokeSession")
            .WithSummary("Revoke a session")
            .WithDescription("Ends the session at once; its tokens stop working on every node. Idempotent: an unknown or ended session is also 204.")
            .ProducesProblems(StatusCodes.Status404NotFound, ErrorCodes.SessionNotFound);
        group.MapPost("/{sessionId}/extend", ExtendAsync).WithName("ExtendSession")
            .WithSummary("Extend a session")
            .WithDescription("Slides the idle expiry as activity would, never past the absolute expiry.")
            .ProducesSessionProblems();
        group.MapGet("/{sessionId}/data", GetDataAsync).WithName("GetSessionData")
            .WithSummary("Get a session's data")
            .WithDescription("The app's JSON data on the session and its version (also the ETag).")
            .ProducesSessionProblems();
        group.MapPut("/{sessionId}/data", PutDataAsync).WithName("PutSessionData")
            .WithSummary("Replace a session's data")
            .WithDescription("Replaces the data; with If-Match (the ETag of a read, or *) only if it has not changed since (412 otherwise).")
            .ProducesSessionProblems()
            .ProducesProblems(StatusCodes.Status412PreconditionFailed, ErrorCodes.VersionConflict);
        group.MapPost("/{sessionId}/step-up", StepUpAsync).WithName("StepUpSession")
            .WithSummary("Step a session up with TOTP")
            .WithDescription("Raises the session to AAL2 with the user's TOTP code; the answer carries the new token pair. Wrong codes lock the factor for a while (429) and, repeated, disable it (403).")
            .ProducesSessionProblems()
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.MfaNotEnrolled)
            .ProducesProblems(StatusCodes.Status401Unauthorized, ErrorCodes.MfaCodeInvalid)
            .ProducesProblems(StatusCodes.Status403Forbidden, ErrorCodes.MfaResetRequired)
            .ProducesProblems(StatusCodes.Status429TooManyRequests, ErrorCodes.MfaLocked);
        return group;
    }

    public static async Task<Results<Created<SessionWithTokensDto>, ProblemHttpResult>> CreateAsync(
        ServiceCaller caller, CreateSessionRequest request, IGrainFactory grains)
    {
        // A fresh idempotency key per request makes the create safe to retry when a silo is leaving or failing.
        var command = request.ToCommand() with { IdempotencyKey = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)) };
        var result = await ClusterRetry.RunAsync(() => grains.CreateSessionAsync(caller.TenantId, command));
        if (!result.Succeeded)
        {
            return ApiProblem.For(result.Error);
        }
        return TypedResults.Created($"/v1/sessions/{result.Session!.SessionId}", new SessionWithTokensDto(result.Session, result.Tokens!));
    }

    public static async Task<Results<Ok<SessionViewDto>, ProblemHttpResult, EmptyHttpResult>> ValidateAsync(
        ServiceCaller caller, ValidateRequest request, IGrainFactory grains, ApiMetrics metrics, FailedValidationLimiter failures, HttpContext context)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var token = RequestRules.Required("accessToken", request.AccessToken);
        var client = RequestRules.Client(request.Client);
        // Keyed on the end user's address as the app reports it: junk from one address never slows the app's other users.
        var failureKey = FailedValidationLimiter.KeyFor(caller.TenantId, client?.Ip);
        if (!failures.MayTry(failureKey))
        {
            await RateLimits.WriteRejectionAsync(context, TimeSpan.FromMinutes(1));
            return TypedResults.Empty;
        }
        var result = await ClusterRetry.RunAsync(() => grains.ValidateAsync(caller.TenantId, token, client));
        metrics.Validated(started, result.Error);
        if (!result.Succeeded)
        {
            failures.Failed(failureKey, result.Error);
            return ApiProblem.For(result.Error);
        }
        return TypedResults.Ok(new SessionViewDto(result.Session!));
    }

    public static async Task<Results<Ok<SessionWithTokensDto>, ProblemHttpResult>> RefreshAsync(
        ServiceCaller caller, RefreshRequest request, IGrainFactory grains)
    {
        var token = RequestRules.Required("refreshToken", request.RefreshToken);
        var client = RequestRules.Client(request.Client);
        var result = await ClusterRetry.RunAsync(() => grains.RefreshAsync(caller.TenantId, token, client));
        return result.Succeeded ? TypedResults.Ok(new SessionWithTokensDto(result.Session!, result.Tokens!)) : ApiProblem.For(result.Error);
    }

    public static async Task<Results<Ok<SessionViewDto>, ProblemHttpResult>> GetAsync(
        ServiceCaller caller, string sessionId, IGrainFactory grains)
    {
        var session = Session(grains, caller, sessionId);
        var result = await ClusterRetry.RunAsync(session.GetAsync);
        return result.Succeeded ? TypedResults.Ok(new SessionViewDto(result.Session!)) : ApiProblem.For(result.Error);
    }

    public static async Task<NoContent> RevokeAsync(ServiceCaller caller, string sessionId, IGrainFactory grains)
    {
        var session = Session(grains, caller, sessionId);
        await ClusterRetry.RunAsync(() => session.RevokeAsync("revoked"));
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<SessionViewDto>, ProblemHttpResult>> ExtendAsync(
        ServiceCaller caller, string sessionId, IGrainFactory grains)
    {
        var session = Session(grains, caller, sessionId);
        var result = await ClusterRetry.RunAsync(session.ExtendAsync);
        return result.Succeeded ? TypedResults.Ok(new SessionViewDto(result.Session!)) : ApiProblem.For(result.Error, ApiProblem.DeadAs.Gone);
    }

    public static Task<Results<Ok<DataDto>, ProblemHttpResult>> GetDataAsync(
        ServiceCaller caller, string sessionId, IGrainFactory grains, HttpResponse response) =>
        SessionData.GetAsync(Session(grains, caller, sessionId), response);

    public static Task<Results<Ok<DataDto>, ProblemHttpResult>> PutDataAsync(
        ServiceCaller caller, string sessionId, DataRequest request, IGrainFactory grains, HttpContext context) =>
        SessionData.PutAsync(Session(grains, caller, sessionId), request, context);

    /// <summary>Raises the session to AAL2 with the user's TOTP code; the answer carries the new token pair.</summary>
    public static async Task<Results<Ok<SessionWithTokensDto>, ProblemHttpResult>> StepUpAsync(
        ServiceCaller caller, string sessionId, StepUpRequest request, IGrainFactory grains, HttpResponse response)
    {
        var session = Session(grains, caller, sessionId);
        var (code, client) = MfaAnswers.ReadStepUp(request);
        // Not retried: a code is single-use, and a retry after a lost answer would spend a second one.
        var result = await session.StepUpAsync(code, client);
        return result.Succeeded
            ? TypedResults.Ok(new SessionWithTokensDto(result.Session!, result.Tokens!))
            : MfaAnswers.Problem(result.Error, result.RetryAt, response);
    }

    /// <summary>A session of the caller's tenant. A malformed id cannot exist: 404 without touching the cluster.</summary>
    private static ISessionGrain Session(IGrainFactory grains, ServiceCaller caller, string sessionId) =>
        SessionToken.IsSessionId(sessionId) ? grains.GetSessionGrain(caller.TenantId, sessionId) : throw ApiProblem.SessionNotFound();
}
