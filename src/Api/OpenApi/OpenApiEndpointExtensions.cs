using Microsoft.AspNetCore.Mvc;
using SessionCluster.Api.Http;
using SessionCluster.Api.OpenApi;

namespace SessionCluster.Api.OpenApi;

/// <summary>
/// One-line endpoint metadata for the OpenAPI document. Statuses every endpoint of a kind can answer (401 for a bad
/// API key, 400/413/415 for a body, 429 for a rate limit, 500/503) are added by the transformers; an endpoint names
/// only its own, e.g. <c>.ProducesProblems(404, ErrorCodes.SessionNotFound)</c>.
/// </summary>
public static class OpenApiEndpointExtensions
{
    /// <summary>A problem-details answer at <paramref name="status"/> with one of these stable codes.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, int status, params string[] codes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProblemCodesMetadata(status, codes))
            .WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));

    /// <summary>Names the operation's security where the handler's parameters do not show it.</summary>
    public static TBuilder WithSecurity<TBuilder>(this TBuilder builder, ApiSecurity security)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiSecurityMetadata(security));

    /// <summary>
    /// The operation needs a session the tenant still trusts (<see cref="EndUser.RequireTrustedSession"/>): otherwise
    /// 403 <c>step_up_required</c>, which the document then lists.
    /// </summary>
    public static RouteHandlerBuilder RequireTrustedSession(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(EndUser.RequireTrustedSession).ProducesProblems(StatusCodes.Status403Forbidden, ErrorCodes.StepUpRequired);

    /// <summary>The failures of approving a device link by its code (<see cref="LinkApprovals"/>).</summary>
    public static RouteHandlerBuilder ProducesLinkApprovalProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblems(StatusCodes.Status403Forbidden, ErrorCodes.StepUpRequired)
            .ProducesProblems(StatusCodes.Status404NotFound, ErrorCodes.LinkNotFound)
            .ProducesProblems(StatusCodes.Status410Gone, ErrorCodes.LinkExpired)
            .ProducesProblems(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited);

    /// <summary>The failures of an operation on one session: unknown, or (410) ended.</summary>
    public static RouteHandlerBuilder ProducesSessionProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblems(StatusCodes.Status404NotFound, ErrorCodes.SessionNotFound)
            .ProducesProblems(StatusCodes.Status410Gone, ErrorCodes.SessionExpired, ErrorCodes.SessionRevoked);
}
