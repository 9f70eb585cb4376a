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

    /// <summary>An example request body (JSON), shown by /docs and checked against the schema by redocly lint.</summary>
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, string json) =>
        builder.AddOpenApiOperationTransformer((operation, context, cancellationToken) =>
        {
            if (operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true && media is not null)
            {
                media.Example = System.Text.Json.Nodes.JsonNode.Parse(json);
            }
            return Task.CompletedTask;
        });

    /// <summary>
    /// A 200 that is one of two shapes (e.g. bearer or cookie mode), which the framework would describe as the first
    /// only: the document says <c>anyOf</c> both.
    /// </summary>
    public static RouteHandlerBuilder ProducesEither<TFirst, TSecond>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            if (operation.Responses?.TryGetValue("200", out var ok) != true || ok is not Microsoft.OpenApi.OpenApiResponse response
                || response.Content?.TryGetValue("application/json", out var media) != true || media is null)
            {
                return;
            }
            media.Schema = new Microsoft.OpenApi.OpenApiSchema
            {
                AnyOf = [await ComponentAsync(typeof(TFirst), context, cancellationToken), await ComponentAsync(typeof(TSecond), context, cancellationToken)],
            };
        });

    /// <summary>A reference to the type's component schema (named as the framework names it: the type's name), added if missing.</summary>
    private static async Task<Microsoft.OpenApi.IOpenApiSchema> ComponentAsync(Type type, Microsoft.AspNetCore.OpenApi.OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSchema>(StringComparer.Ordinal);
        if (!document.Components.Schemas.ContainsKey(type.Name))
        {
            document.Components.Schemas[type.Name] = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        }
        return new Microsoft.OpenApi.OpenApiSchemaReference(type.Name, document);
    }

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
