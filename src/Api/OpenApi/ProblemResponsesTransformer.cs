using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using SessionCluster.Api.Http;

namespace SessionCluster.Api.OpenApi;

/// <summary>
/// Every error status an operation can answer, each as the Problem schema with an example per stable code: the ones
/// the endpoint names (<see cref="ProblemCodesMetadata"/>), and the ones every endpoint of its kind has (a body or
/// parameters: 400/413/415; a rate limit: 429; always 500, and 503 under /v1). Also keeps operation ids unique where one handler
/// answers several methods (the GET keeps the endpoint's name, the others get the method appended).
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        SharedComponents.EnsureIn(context.Document!);

        var methods = metadata.OfType<HttpMethodMetadata>().LastOrDefault()?.HttpMethods ?? [];
        if (methods.Count > 1 && description.HttpMethod is { } method && !HttpMethods.IsGet(method))
        {
            operation.OperationId += CultureInfo.InvariantCulture.TextInfo.ToTitleCase(method.ToLowerInvariant());
        }

        foreach (var codes in metadata.OfType<ProblemCodesMetadata>())
        {
            Add(operation, codes.Status, [.. codes.Codes]);
        }
        if (operation.RequestBody is not null)
        {
            Add(operation, StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);
            Add(operation, StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge);
            Add(operation, StatusCodes.Status415UnsupportedMediaType, ErrorCodes.ValidationFailed);
        }
        else if (operation.Parameters is { Count: > 0 } && IsApi(description))
        {
            Add(operation, StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);
        }
        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            Add(operation, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited);
        }
        Add(operation, StatusCodes.Status500InternalServerError, ErrorCodes.InternalError);
        if (IsApi(description))
        {
            Add(operation, StatusCodes.Status503ServiceUnavailable, ErrorCodes.ClusterUnavailable, ErrorCodes.StorageUnavailable);
        }

        // Statuses declared with the framework's ProducesProblem (no codes named) get the Problem schema too.
        foreach (var status in (operation.Responses ?? []).Keys.ToList())
        {
            if (int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code >= 400)
            {
                Add(operation, code);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>/v1: the API proper, which reads its input and reaches the cluster (the account page's files are in the assembly).</summary>
    private static bool IsApi(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description) =>
        description.RelativePath is { } path && (path == "v1" || path.StartsWith("v1/", StringComparison.Ordinal));

    /// <summary>Adds (or extends) the problem answer at a status: the Problem schema, an example per code, the codes in the description.</summary>
    internal static void Add(OpenApiOperation operation, int status, params string[] codes)
    {
        operation.Responses ??= [];
        var key = status.ToString(CultureInfo.InvariantCulture);
        var response = operation.Responses.TryGetValue(key, out var existing) && existing is OpenApiResponse concrete ? concrete : new OpenApiResponse();
        operation.Responses[key] = response;
        var media = response.Content?.TryGetValue(ProblemJson, out var found) == true ? found : new OpenApiMediaType();
        // A problem answer is only ever problem+json (the framework's default would also offer other types).
        response.Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { [ProblemJson] = media };
        media.Schema = new OpenApiSchemaReference(SharedComponents.Problem, null);
        media.Examples ??= new Dictionary<string, IOpenApiExample>(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            media.Examples.TryAdd(code, new OpenApiExample
            {
                Summary = code,
                Value = new JsonObject
                {
                    ["type"] = $"urn:sessioncluster:problem:{code}",
                    ["title"] = ReasonPhrases.GetReasonPhrase(status),
                    ["status"] = status,
                    ["code"] = code,
                },
            });
        }
        var named = media.Examples.Keys.Order(StringComparer.Ordinal).ToList();
        response.Description = named.Count == 0
            ? ReasonPhrases.GetReasonPhrase(status)
            : $"{ReasonPhrases.GetReasonPhrase(status)}: {string.Join(", ", named.Select(c => $"`{c}`"))}.";
    }
}
