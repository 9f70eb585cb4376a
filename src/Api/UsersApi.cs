using Microsoft.AspNetCore.Http.HttpResults;
using SessionCluster.Api.Contracts;
using SessionCluster.Api.Http;
using SessionCluster.Api.OpenApi;

namespace SessionCluster.Api;

/// <summary>/v1/users/{userId}: a user's sessions as a whole (X-Api-Key).</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/users/{userId}").WithTags("Users");
        group.MapGet("/sessions", ListSessionsAsync).WithName("ListUserSessions")
            .WithSummary("List a user's sessions")
            .WithDescription("The user's live sessions (each a session view), newest first.");
        group.MapDelete("/sessions", RevokeSessionsAsync).WithName("RevokeUserSessions")
            .WithSummary("Revoke a user's sessions")
            .WithDescription("Signs the user out everywhere, or everywhere but the session named by except; answers how many were revoked.");
        group.MapGet("/events", ListEventsAsync).WithName("ListUserEvents")
            .WithSummary("List a user's events")
            .WithDescription("The user's event history (sign-ins, refreshes, revocations, step-ups, device changes), newest first; limit 1 to 100 (default 50).");
        group.MapGet("/devices", ListDevicesAsync).WithName("ListUserDevices")
            .WithSummary("List a user's devices")
            .WithDescription("The devices the user has signed in on, with their live sessions.");
        group.MapDelete("/devices/{deviceId}", RemoveDeviceAsync).WithName("RemoveUserDevice")
            .WithSummary("Remove a user's device")
            .WithDescription("Revokes the device's sessions and forgets the device.")
            .ProducesProblems(StatusCodes.Status404NotFound, ErrorCodes.DeviceNotFound);
        group.MapDelete("/", EraseAsync).WithName("EraseUser")
            .WithSummary("Erase a user")
            .WithDescription("GDPR erasure: the user's sessions, devices, events and links leave memory and storage. Idempotent.");
        return group;
    }

    public static async Task<Ok<SessionListDto>> ListSessionsAsync(ServiceCaller caller, string userId, HttpContext context, IGrainFactory grains)
    {
        var sessions = await ClusterRetry.RunAsync(User(grains, caller, context, userId).ListSessionsAsync);
        return TypedResults.Ok(new SessionListDto([.. sessions.Select(s => new SessionViewDto(s))]));
    }

    public static async Task<Ok<RevokedCountDto>> RevokeSessionsAsync(
        ServiceCaller caller, string userId, HttpContext context, string? except, IGrainFactory grains)
    {
        // A mistyped "except" must not sign the user out everywhere.
        if (except is not null && !SessionToken.IsSessionId(except))
        {
            throw ApiProblem.Validation("except", "except must be a session id.");
        }
        var revoked = await ClusterRetry.RunAsync(() => User(grains, caller, context, userId).RevokeAllAsync(except, "revoked"));
        return TypedResults.Ok(new RevokedCountDto(revoked));
    }

    public static async Task<Ok<DeviceListDto>> ListDevicesAsync(ServiceCaller caller, string userId, HttpContext context, IGrainFactory grains)
    {
        var devices = await ClusterRetry.RunAsync(User(grains, caller, context, userId).ListDevicesAsync);
        return TypedResults.Ok(new DeviceListDto([.. devices.Select(DeviceDto.From)]));
    }

    /// <summary>Revokes the device's sessions and forgets it.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveDeviceAsync(ServiceCaller caller, string userId, HttpContext context, string deviceId, IGrainFactory grains)
    {
        var removed = await User(grains, caller, context, userId).RemoveDeviceAsync(RequestRules.Identifier("deviceId", deviceId));
        return removed is null
            ? ApiProblem.Result(StatusCodes.Status404NotFound, ErrorCodes.DeviceNotFound, "The user has no such device.")
            : TypedResults.NoContent();
    }

    /// <summary>GDPR erasure: the user's sessions, devices, events and links leave memory and storage.</summary>
    public static async Task<NoContent> EraseAsync(ServiceCaller caller, string userId, HttpContext context, IGrainFactory grains)
    {
        await ClusterRetry.RunAsync(User(grains, caller, context, userId).EraseAsync);
        return TypedResults.NoContent();
    }

    public const int DefaultEventLimit = 50;

    /// <summary>The user's event history, newest first.</summary>
    public static async Task<Ok<EventListDto>> ListEventsAsync(ServiceCaller caller, string userId, HttpContext context, string? limit, IGrainFactory grains)
    {
        var take = DefaultEventLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out take) || take is < 1 or > EventHistory.Limit))
        {
            throw ApiProblem.Validation("limit", $"limit must be a whole number from 1 to {EventHistory.Limit}.");
        }
        var events = await ClusterRetry.RunAsync(() => User(grains, caller, context, userId).GetEventsAsync(take));
        return TypedResults.Ok(new EventListDto([.. events.Select(EventDto.From)]));
    }

    private static IUserGrain User(IGrainFactory grains, ServiceCaller caller, HttpContext context, string userId) =>
        grains.GetUserGrain(caller.TenantId, UserIds.FromRoute(context, userId));
}
