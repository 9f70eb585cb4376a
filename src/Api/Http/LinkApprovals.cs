using Microsoft.AspNetCore.Http.HttpResults;
using SessionCluster.Api.Contracts;

namespace SessionCluster.Api.Http;

/// <summary>
/// Approving a device link by its typed code, for both paths (the app's, with the approver's access token, and the
/// browser's, with the user's own session). Wrong and expired codes count against the approving session only.
/// </summary>
public static class LinkApprovals
{
    public static async Task<Results<Ok<ApprovedLinkDto>, ProblemHttpResult>> ApproveAsync(
        IGrainFactory grains, FailedLinkApprovalLimiter failures, string tenantId, SessionView approver, string typedCode, HttpResponse response)
    {
        if (failures.RetryAfter(tenantId, approver.SessionId) is { } wait)
        {
            RetryAfter.Set(response, wait);
            return ApiProblem.Result(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                "Too many wrong codes from this session; retry after the time in Retry-After.");
        }
        var code = UserCodes.Normalize(typedCode);
        var linkId = code is null ? null : await grains.GetUserCodeGrain(tenantId, code).ResolveAsync();
        var error = linkId is null ? DeviceLinkError.NotFound : await grains.GetDeviceLinkGrain(tenantId, linkId).ApproveAsync(approver.UserId, approver.SessionId);
        switch (error)
        {
            case DeviceLinkError.None:
                return TypedResults.Ok(new ApprovedLinkDto(linkId!, approver.UserId));
            case DeviceLinkError.StepUpRequired:
                return ApiProblem.Result(StatusCodes.Status403Forbidden, ErrorCodes.StepUpRequired,
                    "The approving session must step up (a second factor) before it may approve a new device.");
            case DeviceLinkError.Expired:
                failures.Failed(tenantId, approver.SessionId);
                return ApiProblem.Result(StatusCodes.Status410Gone, ErrorCodes.LinkExpired, "The code has expired; start a new link on the new device.");
            default:
                failures.Failed(tenantId, approver.SessionId);
                return NotFound();
        }
    }

    public static ProblemHttpResult NotFound() =>
        ApiProblem.Result(StatusCodes.Status404NotFound, ErrorCodes.LinkNotFound, "No such device link (or it was already used).");
}
