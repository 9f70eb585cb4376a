using Microsoft.AspNetCore.Http.HttpResults;
using SessionCluster.Api.Contracts;
using SessionCluster.Api.Http;
using SessionCluster.Api.OpenApi;

namespace SessionCluster.Api;

/// <summary>/v1/users/{userId}/totp: a user's TOTP second factor (X-Api-Key). Step-up itself is on the session.</summary>
public static class TotpApi
{
    public static RouteGroupBuilder MapTotpApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/users/{userId}/totp").WithTags("TOTP");
        group.MapGet("/", GetTotpAsync).WithName("GetUserTotp")
            .WithSummary("Get a user's TOTP status")
            .WithDescription("Whether the user has a confirmed TOTP second factor.");
        group.MapPost("/", EnrolTotpAsync).WithName("EnrolUserTotp")
            .WithSummary("Start a TOTP enrolment")
            .WithDescription("A new TOTP secret and its otpauth URI, shown this once; it counts once confirmed with a code.")
            .ProducesProblems(StatusCodes.Status409Conflict, ErrorCodes.MfaAlreadyEnrolled);
        group.MapPost("/confirm", ConfirmTotpAsync).WithName("ConfirmUserTotp")
            .WithSummary("Confirm a TOTP enrolment")
            .WithDescription("Confirms the enrolment with a current code from the authenticator app.")
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.MfaNotEnrolled)
            .ProducesProblems(StatusCodes.Status401Unauthorized, ErrorCodes.MfaCodeInvalid)
            .ProducesProblems(StatusCodes.Status403Forbidden, ErrorCodes.MfaResetRequired)
            .ProducesProblems(StatusCodes.Status429TooManyRequests, ErrorCodes.MfaLocked);
        group.MapDelete("/", RemoveTotpAsync).WithName("RemoveUserTotp")
            .WithSummary("Remove a user's TOTP")
            .WithDescription("Removes the second factor (e.g. after the app's own recovery process); the user may enrol again.");
        return group;
    }

    /// <summary>Whether the user has a confirmed second factor.</summary>
    public static async Task<Ok<TotpStatusDto>> GetTotpAsync(ServiceCaller caller, string userId, HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(new TotpStatusDto(await ClusterRetry.RunAsync(Mfa(grains, caller, context, userId).IsEnrolledAsync)));

    /// <summary>Starts a TOTP enrolment: the secret is shown this once; it counts once confirmed with a code.</summary>
    public static async Task<Results<Created<TotpEnrolmentDto>, ProblemHttpResult>> EnrolTotpAsync(
        ServiceCaller caller, string userId, HttpContext context, IGrainFactory grains)
    {
        var enrolment = await Mfa(grains, caller, context, userId).EnrolAsync();
        if (enrolment.Error != SessionError.None)
        {
            return ApiProblem.For(enrolment.Error);
        }
        return TypedResults.Created((string?)null, new TotpEnrolmentDto(enrolment.Secret!, enrolment.OtpauthUri!));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ConfirmTotpAsync(
        ServiceCaller caller, string userId, HttpContext context, TotpCodeRequest request, IGrainFactory grains)
    {
        var mfa = Mfa(grains, caller, context, userId);
        var check = await mfa.ConfirmAsync(RequestRules.TotpCode(request.Code));
        return check.Succeeded ? TypedResults.NoContent() : MfaAnswers.Problem(check.Error, check.LockedUntil, context.Response);
    }

    /// <summary>Removes the user's second factor (e.g. after the app's own recovery process).</summary>
    public static async Task<NoContent> RemoveTotpAsync(ServiceCaller caller, string userId, HttpContext context, IGrainFactory grains)
    {
        await Mfa(grains, caller, context, userId).RemoveAsync();
        return TypedResults.NoContent();
    }

    private static IMfaGrain Mfa(IGrainFactory grains, ServiceCaller caller, HttpContext context, string userId) =>
        grains.GetMfaGrain(caller.TenantId, UserIds.FromRoute(context, userId));
}
