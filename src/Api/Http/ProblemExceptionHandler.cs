using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SessionCluster.Hosting.Storage;

namespace SessionCluster.Api.Http;

/// <summary>
/// Maps the exceptions that carry a client-facing meaning to problem details. Anything else is a fault:
/// it is left to the default handler (a 500 without internals) and logged.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, StorageHealth storage) : IExceptionHandler
{
    /// <summary>When to ask again after storage refused: it is either back within a second or out for longer.</summary>
    private static readonly TimeSpan StorageRetryAfter = TimeSpan.FromSeconds(1);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var details = Map(exception);
        if (details is null)
        {
            return false;
        }
        context.Response.StatusCode = details.Status!.Value;
        if (exception is ApiProblemException { Challenge: { } challenge })
        {
            context.Response.Headers.WWWAuthenticate = challenge;
        }
        if (exception is ApiProblemException { RetryAfter: { } wait })
        {
            RetryAfter.Set(context.Response, wait);
        }
        if (exception is StorageUnavailableException)
        {
            storage.Failed("api", ErrorCodes.StorageUnavailable, nameof(StorageUnavailableException));
            RetryAfter.Set(context.Response, StorageRetryAfter);
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }

    private static ProblemDetails? Map(Exception exception) => exception switch
    {
        ApiProblemException problem => problem.ToProblemDetails(),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            RequestBodyLimit.Problem().ToProblemDetails(),
        BadHttpRequestException { InnerException: JsonException json } => InvalidJson(json),
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status415UnsupportedMediaType =>
            ApiProblem.Details(415, ErrorCodes.ValidationFailed, "The body must be JSON (Content-Type: application/json)."),
        BadHttpRequestException bad => ApiProblem.Details(bad.StatusCode, ErrorCodes.ValidationFailed, "The request is not valid.",
            new Dictionary<string, string[]> { ["$"] = [bad.Message] }),
        // Before the cluster check: the cluster answered, storage did not take the change, nothing was acknowledged.
        StorageUnavailableException => ApiProblem.Details(503, ErrorCodes.StorageUnavailable,
            "Storage could not take the change, so nothing was done (if it timed out, it may have been); retry after Retry-After."),
        _ when ClusterErrors.IsUnavailable(exception) =>
            ApiProblem.Details(503, ErrorCodes.ClusterUnavailable, "The session cluster is not reachable; retry shortly."),
        _ => null,
    };

    private static ProblemDetails InvalidJson(JsonException json)
    {
        // The path names the offending field ("$.device.id"); report it without the "$." root.
        var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : json.Path ?? "$";
        // The serializer's own message names .NET types; say what the client needs instead.
        var message = json.Path is null or "$"
            ? "The body is not a JSON object of the expected shape."
            : $"{field} has the wrong JSON type or is malformed.";
        return ApiProblem.Details(400, ErrorCodes.ValidationFailed, "The request body is not valid JSON for this endpoint.",
            new Dictionary<string, string[]> { [field] = [message] });
    }
}
