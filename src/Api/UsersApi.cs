using Microsoft.AspNetCore.Http.HttpResults;
using SessionCluster.Api.Contracts;
using SessionCluster.Api.Http;

namespace SessionCluster.Api;

/// <summary>/v1/users/{userId}: a user's sessions as a whole (X-Api-Key).</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/users/{userId}").WithTags("Users");
        group.MapGet("/sessions", ListSessionsAsync).WithName("ListUserSessions");
        group.MapDelete("/sessions", RevokeSessionsAsync).WithName("RevokeUserSessions");
        group.MapGet("/events", ListEventsAsync).WithName("ListUserEvents");
        group.MapGet("/devices", ListDevicesAsync).WithName("ListUserDevices");
        group.MapDelete("/devices/{deviceId}", RemoveDeviceAsync).WithName("RemoveUserDevice");
        group.MapDelete("/", EraseAsync).WithName("EraseUser");
        group.MapGet("/totp", GetTotpAsync).WithName("GetUserTotp");
        group.MapPost("/totp", EnrolTotpAsync).WithName("EnrolUserTotp");
        group.MapPost("/totp/confirm", ConfirmTotpAsync).WithName("ConfirmUserTotp");
        group.MapDelete("/totp", RemoveTotpAsync).WithName("RemoveUserTotp");
        return group;
    }

    public static async Task<Ok<SessionListDto>> ListSessionsAsync(ServiceCaller caller, string userId, IGrainFactory grains)
    {
        var sessions = await User(grains, caller, userId).ListSessionsAsync();
        return TypedResults.Ok(new SessionListDto([.. sessions.Select(s => new SessionViewDto(s))]));
    }

    public static async Task<Ok<RevokedCountDto>> RevokeSessionsAsync(
        ServiceCaller caller, string userId, string? except, IGrainFactory grains)
    {
        // A mistyped "except" must not sign the user out everywhere.
        if (except is not null && !SessionToken.IsSessionId(except))
        {
            throw ApiProblem.Validation("except", "except must be a session id.");
        }
        var revoked = await User(grains, caller, userId).RevokeAllAsync(except, "revoked");
        return TypedResults.Ok(new RevokedCountDto(revoked));
    }

    public static async Task<Ok<DeviceListDto>> ListDevicesAsync(ServiceCaller caller, string userId, IGrainFactory grains)
    {
        var devices = await User(grains, caller, userId).ListDevicesAsync();
        return TypedResults.Ok(new DeviceListDto([.. devices.Select(DeviceDto.From)]));
    }

    /// <summary>Revokes the device's sessions and forgets it.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveDeviceAsync(ServiceCaller caller, string userId, string deviceId, IGrainFactory grains)
    {
        var removed = await User(grains, caller, userId).RemoveDeviceAsync(RequestRules.Identifier("deviceId", deviceId));
        return removed is null
            ? ApiProblem.Result(StatusCodes.Status404NotFound, ErrorCodes.DeviceNotFound, "The user has no such device.")
            : TypedResults.NoContent();
    }

    /// <summary>GDPR erasure: the user's sessions, devices, events and links leave memory and storage.</summary>
    public static async Task<NoContent> EraseAsync(ServiceCaller caller, string userId, IGrainFactory grains)
    {
        await User(grains, caller, userId).EraseAsync();
        return TypedResults.NoContent();
    }

    /// <summary>Whether the user has a confirmed second factor.</summary>
    public static async Task<Ok<TotpStatusDto>> GetTotpAsync(ServiceCaller caller, string userId, IGrainFactory grains) =>
        TypedResults.Ok(new TotpStatusDto(await Mfa(grains, caller, userId).IsEnrolledAsync()));

    /// <summary>Starts a TOTP enrolment: the secret is shown this once; it counts once confirmed with a code.</summary>
    public static async Task<Results<Created<TotpEnrolmentDto>, ProblemHttpResult>> EnrolTotpAsync(
        ServiceCaller caller, string userId, IGrainFactory grains, HttpResponse response)
    {
        var enrolment = await Mfa(grains, caller, userId).EnrolAsync();
        if (enrolment.Error != SessionError.None)
        {
            return ApiProblem.For(enrolment.Error);
        }
        response.Headers.CacheControl = "no-store";
        return TypedResults.Created((string?)null, new TotpEnrolmentDto(enrolment.Secret!, enrolment.OtpauthUri!));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ConfirmTotpAsync(
        ServiceCaller caller, string userId, TotpCodeRequest request, IGrainFactory grains, HttpResponse response)
    {
        var mfa = Mfa(grains, caller, userId);
        var check = await mfa.ConfirmAsync(RequestRules.TotpCode(request.Code));
        return check.Succeeded ? TypedResults.NoContent() : MfaAnswers.Problem(check.Error, check.LockedUntil, response);
    }

    /// <summary>Removes the user's second factor (e.g. after the app's own recovery process).</summary>
    public static async Task<NoContent> RemoveTotpAsync(ServiceCaller caller, string userId, IGrainFactory grains)
    {
        await Mfa(grains, caller, userId).RemoveAsync();
        return TypedResults.NoContent();
    }

    public const int DefaultEventLimit = 50;

    /// <summary>The user's event history, newest first.</summary>
    public static async Task<Ok<EventListDto>> ListEventsAsync(ServiceCaller caller, string userId, string? limit, IGrainFactory grains)
    {
        var take = DefaultEventLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out take) || take is < 1 or > EventHistory.Limit))
        {
            throw ApiProblem.Validation("limit", $"limit must be a whole number from 1 to {EventHistory.Limit}.");
        }
        var events = await User(grains, caller, userId).GetEventsAsync(take);
        return TypedResults.Ok(new EventListDto([.. events.Select(EventDto.From)]));
    }

    /// <summary>
    /// Routing decodes every escape in a path segment except %2F, so a user id containing '/' arrives
    /// still escaped: undo exactly that one (decoding more would decode twice).
    /// </summary>
    private static IUserGrain User(IGrainFactory grains, ServiceCaller caller, string userId) =>
        grains.GetUserGrain(caller.TenantId, UserId(userId));

    private static IMfaGrain Mfa(IGrainFactory grains, ServiceCaller caller, string userId) =>
        grains.GetMfaGrain(caller.TenantId, UserId(userId));

    private static string UserId(string userId) =>
        RequestRules.Identifier("userId", userId.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase));
}
