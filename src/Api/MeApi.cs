using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SessionCluster.Api.Contracts;
using SessionCluster.Api.Http;

namespace SessionCluster.Api;

/// <summary>
/// /v1/me: an end user's own session and sessions (Authorization: Bearer, or the session cookie in cookie mode;
/// see <see cref="SessionCookies"/>). Every call is activity.
/// </summary>
public static class MeApi
{
    public static RouteGroupBuilder MapMeApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/me").WithTags("Me");
        group.MapGet("/", Get).WithName("GetMe");
        group.MapGet("/sessions", ListSessionsAsync).WithName("ListMySessions").AddEndpointFilter(EndUser.RequireTrustedSession);
        group.MapDelete("/sessions/{sessionId}", RevokeSessionAsync).WithName("RevokeMySession").AddEndpointFilter(EndUser.RequireTrustedSession);
        group.MapPost("/logout", LogoutAsync).WithName("Logout");
        group.MapPost("/logout-others", LogoutOthersAsync).WithName("LogoutOthers").AddEndpointFilter(EndUser.RequireTrustedSession);
        group.MapPost("/extend", ExtendAsync).WithName("ExtendMe");
        group.MapGet("/events", StreamEvents).WithName("StreamMyEvents").AddEndpointFilter(EndUser.RequireTrustedSession);
        group.MapDelete("/devices/{deviceId}", RemoveDeviceAsync).WithName("RemoveMyDevice").AddEndpointFilter(EndUser.RequireTrustedSession);
        group.MapGet("/data", GetDataAsync).WithName("GetMyData");
        group.MapPut("/data", PutDataAsync).WithName("PutMyData").AddEndpointFilter(EndUser.RequireTrustedSession);
        group.MapPost("/step-up", StepUpAsync).WithName("StepUpMe");
        return group;
    }

    public static Ok<SessionViewDto> Get(EndUser me) => TypedResults.Ok(new SessionViewDto(me.Session));

    public static async Task<Ok<MySessionListDto>> ListSessionsAsync(EndUser me, IGrainFactory grains)
    {
        var sessions = await ClusterRetry.RunAsync(grains.GetUserGrain(me.TenantId, me.UserId).ListSessionsAsync);
        return TypedResults.Ok(new MySessionListDto([.. sessions.Select(s => new MySessionDto(s, s.SessionId == me.SessionId))]));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeSessionAsync(EndUser me, string sessionId, IGrainFactory grains)
    {
        if (!SessionToken.IsSessionId(sessionId))
        {
            return ApiProblem.For(SessionError.SessionNotFound);
        }
        var session = grains.GetSessionGrain(me.TenantId, sessionId);
        // Only the caller's own user's sessions: anyone else's is indistinguishable from a missing one.
        var current = await ClusterRetry.RunAsync(session.GetAsync);
        if (current.Session?.UserId != me.UserId)
        {
            return ApiProblem.For(SessionError.SessionNotFound);
        }
        await ClusterRetry.RunAsync(() => session.RevokeAsync("revoked_by_user"));
        return TypedResults.NoContent();
    }

    public static async Task<NoContent> LogoutAsync(EndUser me, IGrainFactory grains, HttpResponse response)
    {
        await ClusterRetry.RunAsync(() => grains.GetSessionGrain(me.TenantId, me.SessionId).RevokeAsync("logout"));
        if (me.ViaCookie)
        {
            SessionCookies.Clear(response);
        }
        return TypedResults.NoContent();
    }

    /// <summary>Step-up by the user: with a bearer token the answer carries the new pair; in cookie mode, the new cookies.</summary>
    public static async Task<Results<Ok<SessionWithTokensDto>, Ok<CookieSessionDto>, ProblemHttpResult>> StepUpAsync(
        EndUser me, StepUpRequest request, IGrainFactory grains, HttpContext context)
    {
        var (code, _) = MfaAnswers.ReadStepUp(request);
        var result = await grains.GetSessionGrain(me.TenantId, me.SessionId).StepUpAsync(code, EndUser.ClientOf(context));
        if (!result.Succeeded)
        {
            return MfaAnswers.Problem(result.Error, result.RetryAt, context.Response);
        }
        if (me.ViaCookie)
        {
            SessionCookies.Write(context.Response, result.Session!, result.Tokens!);
            return TypedResults.Ok(new CookieSessionDto(result.Session!, result.Tokens!));
        }
        return TypedResults.Ok(new SessionWithTokensDto(result.Session!, result.Tokens!));
    }

    public static async Task<Ok<RevokedCountDto>> LogoutOthersAsync(EndUser me, IGrainFactory grains)
    {
        var revoked = await ClusterRetry.RunAsync(() => grains.GetUserGrain(me.TenantId, me.UserId).RevokeAllAsync(me.SessionId, "logout_others"));
        return TypedResults.Ok(new RevokedCountDto(revoked));
    }

    /// <summary>Server-Sent Events: the caller's user's events, live, until the caller's own session ends.</summary>
    public static Results<ServerSentEventsResult<EventDto>, ProblemHttpResult> StreamEvents(
        EndUser me, IGrainFactory grains, IOptions<EventStreamOptions> options, EventStreamLimits limits, ILoggerFactory loggers,
        HttpResponse response, CancellationToken cancellationToken)
    {
        if (limits.TryOpen(me) is not { } place)
        {
            RetryAfter.Set(response, options.Value.RenewInterval);
            return ApiProblem.Result(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                "This session (or user) already holds as many event streams as it may; close one first.");
        }
        // Last-Event-ID: the browser's EventSource sends it on reconnect; the stream replays what it missed.
        var lastEventId = response.HttpContext.Request.Headers["Last-Event-ID"].ToString();
        var stream = new EventStream(grains, me, options.Value, loggers.CreateLogger<EventStream>(), lastEventId.Length is > 0 and <= 64 ? lastEventId : null);
        return TypedResults.ServerSentEvents(stream.ReadAsync(place, cancellationToken));
    }

    /// <summary>Signs a device of the caller's own user out (e.g. a lost phone, from the laptop).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveDeviceAsync(EndUser me, string deviceId, IGrainFactory grains)
    {
        var removed = await grains.GetUserGrain(me.TenantId, me.UserId).RemoveDeviceAsync(RequestRules.Identifier("deviceId", deviceId));
        return removed is null
            ? ApiProblem.Result(StatusCodes.Status404NotFound, ErrorCodes.DeviceNotFound, "You have no such device.")
            : TypedResults.NoContent();
    }

    public static Task<Results<Ok<DataDto>, ProblemHttpResult>> GetDataAsync(EndUser me, IGrainFactory grains, HttpResponse response) =>
        SessionData.GetAsync(grains.GetSessionGrain(me.TenantId, me.SessionId), response);

    public static Task<Results<Ok<DataDto>, ProblemHttpResult>> PutDataAsync(EndUser me, DataRequest request, IGrainFactory grains, HttpContext context) =>
        SessionData.PutAsync(grains.GetSessionGrain(me.TenantId, me.SessionId), request, context);

    public static async Task<Results<Ok<SessionViewDto>, ProblemHttpResult>> ExtendAsync(EndUser me, IGrainFactory grains)
    {
        var result = await ClusterRetry.RunAsync(grains.GetSessionGrain(me.TenantId, me.SessionId).ExtendAsync);
        return result.Succeeded ? TypedResults.Ok(new SessionViewDto(result.Session!)) : ApiProblem.For(result.Error, ApiProblem.DeadAs.Gone);
    }
}
