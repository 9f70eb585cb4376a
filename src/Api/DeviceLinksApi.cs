using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using SessionCluster.Api.Contracts;
using SessionCluster.Api.Http;
using SessionCluster.Api.OpenApi;

namespace SessionCluster.Api;

/// <summary>
/// /v1/device-links: a new device (a TV, a new phone) joins a signed-in user by a short code approved on a
/// device that is already signed in. Called by the app's back end (X-Api-Key) on behalf of both devices.
/// </summary>
public static class DeviceLinksApi
{
    public const int MaxWaitSeconds = 30;
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    public static RouteGroupBuilder MapDeviceLinksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/device-links").WithTags("Device links");
        group.MapPost("/", StartAsync).WithName("StartDeviceLink")
            .WithSummary("Start a device link")
            .WithDescription("For the new device: a link id to poll and a short user code to show, which a signed-in device approves.");
        group.MapPost("/approve", ApproveAsync).WithName("ApproveDeviceLink")
            .WithSummary("Approve a device link")
            .WithDescription("The signed-in side: the user typed the new device's code; the approver's access token names the user. Wrong codes are limited per session.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, ErrorCodes.TokenInvalid, ErrorCodes.AccessTokenExpired, ErrorCodes.SessionExpired, ErrorCodes.SessionRevoked)
            .ProducesLinkApprovalProblems();
        group.MapGet("/{linkId}", PollAsync).WithName("PollDeviceLink")
            .WithSummary("Poll a device link")
            .WithDescription("Long poll for the new device: answers as soon as the link is no longer pending, or after waitSeconds (0 to 30). " +
                "Once approved it carries the new device's session and tokens, once.")
            .ProducesProblems(StatusCodes.Status404NotFound, ErrorCodes.LinkNotFound);
        return group;
    }

    public static async Task<Created<DeviceLinkStartDto>> StartAsync(ServiceCaller caller, StartLinkRequest request, IGrainFactory grains)
    {
        var device = request.Device?.ToDeviceInfo() ?? new DeviceInfo();
        var linkId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var started = await Link(grains, caller, linkId).StartAsync(device, RequestRules.Client(request.Client));
        return TypedResults.Created($"/v1/device-links/{linkId}", new DeviceLinkStartDto(started.LinkId, started.UserCode, started.ExpiresAt));
    }

    public static async Task<Results<Ok<ApprovedLinkDto>, ProblemHttpResult>> ApproveAsync(
        ServiceCaller caller, ApproveLinkRequest request, IGrainFactory grains, FailedLinkApprovalLimiter failures, HttpResponse response)
    {
        var typed = RequestRules.Required("userCode", request.UserCode);
        var token = RequestRules.Required("accessToken", request.AccessToken);
        // Only an active session of this tenant can approve: another tenant's token is simply invalid here.
        var approver = await grains.ValidateAsync(caller.TenantId, token);
        if (!approver.Succeeded)
        {
            return ApiProblem.For(approver.Error);
        }
        return await LinkApprovals.ApproveAsync(grains, failures, caller.TenantId, approver.Session!, typed, response);
    }

    /// <summary>Long poll: answers as soon as the link is no longer pending, or after <c>waitSeconds</c> (at most 30).</summary>
    public static async Task<Results<Ok<DeviceLinkStatusDto>, ProblemHttpResult>> PollAsync(
        ServiceCaller caller, string linkId, string? waitSeconds, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.Zero;
        if (waitSeconds is not null)
        {
            if (!int.TryParse(waitSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxWaitSeconds)
            {
                throw ApiProblem.Validation("waitSeconds", $"waitSeconds must be a whole number from 0 to {MaxWaitSeconds}.");
            }
            wait = TimeSpan.FromSeconds(seconds);
        }
        if (!SessionToken.IsSessionId(linkId))
        {
            return NotFound();
        }
        var link = Link(grains, caller, linkId);
        var deadline = DateTime.UtcNow + wait;
        var poll = await link.PollAsync();
        while (poll is { Error: DeviceLinkError.None, Status: DeviceLinkStatus.Pending } && DateTime.UtcNow < deadline)
        {
            await Task.Delay(PollEvery, cancellationToken);
            poll = await link.PollAsync();
        }
        if (poll.Error != DeviceLinkError.None)
        {
            return NotFound();
        }
        var session = poll.Session is { } view && poll.Tokens is { } tokens ? new SessionWithTokensDto(view, tokens) : null;
        return TypedResults.Ok(new DeviceLinkStatusDto(poll.Status.ToString().ToLowerInvariant(), session));
    }

    private static ProblemHttpResult NotFound() => LinkApprovals.NotFound();

    private static IDeviceLinkGrain Link(IGrainFactory grains, ServiceCaller caller, string linkId) =>
        grains.GetDeviceLinkGrain(caller.TenantId, linkId);
}
