using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using SessionCluster.Api.Contracts;
using SessionCluster.Api.Http;

namespace SessionCluster.Api;

/// <summary>/v1/sessions: what a tenant's back end does with its users' sessions (X-Api-Key).</summary>
public static class SessionsApi
{
    public static RouteGroupBuilder MapSessionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/sessions").WithTags("Sessions");
        group.MapPost("/", CreateAsync).WithName("CreateSession").RequireRateLimiting(RateLimits.Create);
        group.MapPost("/validate", ValidateAsync).WithName("ValidateSession");
        group.MapPost("/refresh", RefreshAsync).WithName("RefreshSession").RequireRateLimiting(RateLimits.Refresh);
        group.MapGet("/{sessionId}", GetAsync).WithName("GetSession");
        group.MapDelete("/{sessionId}", RevokeAsync).WithName("RevokeSession");
        group.MapPost("/{sessionId}/extend", ExtendAsync).WithName("ExtendSession");
        group.MapGet("/{sessionId}/data", GetDataAsync).WithName("GetSessionData");
        group.MapPut("/{sessionId}/data", PutDataAsync).WithName("PutSessionData");
        group.MapPost("/{sessionId}/step-up", StepUpAsync).WithName("StepUpSession");
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
