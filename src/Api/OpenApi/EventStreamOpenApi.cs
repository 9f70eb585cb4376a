using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SessionCluster.Api.OpenApi;

/// <summary>
/// /v1/me/events as what is on the wire: a text/event-stream whose data lines are EventDto JSON (the framework would
/// describe .NET's SseItem type instead, which no client sees).
/// </summary>
internal static class EventStreamOpenApi
{
    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Description = "The stream: one SSE message per event (event: the event type, id: the event id, data: an EventDto as JSON).";
            response.Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["text/event-stream"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Server-Sent Events; each data line is an EventDto." },
                },
            };
        }
        return Task.CompletedTask;
    }
}
