using System.Net.Http.Headers;

namespace SessionCluster.Tests.Infrastructure;

/// <summary>
/// Checks every answer a test receives against the OpenAPI document (<see cref="OpenApiContract"/>): an undocumented
/// operation, status, content type or body shape fails the request with the reasons, so the test that met it fails.
/// Paths outside /v1 that the document does not describe (health, metrics, the document itself, /docs) are not checked.
/// Streams (text/event-stream) are checked by status and content type only, without reading them.
/// </summary>
public sealed class OpenApiValidatingHandler(Func<Task<OpenApiContract?>> contract) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        if (await contract() is not { } document)
        {
            return response;
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        byte[]? body = null;
        if (mediaType != "text/event-stream")
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        var problems = document.Check(request.Method.Method, path, (int)response.StatusCode, mediaType, body);
        if (problems.Count > 0)
        {
            response.Dispose();
            throw new OpenApiViolationException($"The answer to {request.Method} {request.RequestUri.PathAndQuery} breaks the OpenAPI document:\n  " +
                string.Join("\n  ", problems));
        }
        return response;
    }
}

/// <summary>An answer the OpenAPI document does not describe.</summary>
public sealed class OpenApiViolationException(string message) : Exception(message);
