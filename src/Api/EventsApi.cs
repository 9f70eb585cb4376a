using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SessionCluster.Api.Contracts;
using SessionCluster.Api.Http;
using SessionCluster.Grains;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Api;

/// <summary>
/// /v1/events: the caller's tenant feed (X-Api-Key), live as Server-Sent Events or in pages as JSON, resumable from
/// any cursor it handed out (<see cref="TenantFeed"/>).
/// </summary>
public static class EventsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static RouteGroupBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/events").WithTags("Events");
        group.MapGet("/", GetEventsAsync)
            .WithName("GetTenantEvents")
            .WithSummary("The tenant's event feed: live (text/event-stream) or a page (JSON)")
            .WithDescription("With Accept: text/event-stream, a live stream of every user event of the tenant; each SSE id is a cursor, "
                + "and Last-Event-ID or ?after= resumes after it with nothing lost or repeated within retention; heartbeat events keep "
                + "the connection alive. Without it, ?after=&limit= (up to 500) returns {events, next}. ?types= filters by types or prefixes "
                + "such as 'security.'.")
            .Produces<FeedPageDto>(StatusCodes.Status200OK)
            .Produces<FeedEventDto>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    public static async Task<Results<Ok<FeedPageDto>, ServerSentEventsResult<FeedEventDto>>> GetEventsAsync(
        ServiceCaller caller, HttpContext context, string? after, string? limit, string? types,
        IGrainFactory grains, IOptions<EventsOptions> events, IOptions<EventStreamOptions> streams, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var partitions = events.Value.FeedPartitions;
        var resumeFrom = after ?? (string?)context.Request.Headers["Last-Event-ID"];
        FeedCursor? cursor = null;
        if (!string.IsNullOrEmpty(resumeFrom))
        {
            cursor = FeedCursor.TryDecode(resumeFrom, partitions, out var decoded)
                ? decoded
                : throw ApiProblem.Validation(after is null ? "Last-Event-ID" : "after", "not a cursor of this feed (take it from an event's cursor, an SSE id or a page's next).");
        }
        var filter = EventTypeFilter.TryParse(types, out var unknown)
            ?? throw ApiProblem.Validation("types", $"'{unknown}' is no event type nor a prefix of one ending in '.'.");
        var feed = new TenantFeed(grains, caller.TenantId, partitions, loggers.CreateLogger<TenantFeed>());
        if (WantsStream(context.Request))
        {
            // Live without a cursor: from now on. Every id handed out resumes from exactly there.
            var start = cursor ?? await feed.EndAsync();
            return TypedResults.ServerSentEvents(feed.StreamAsync(start, filter, streams.Value.HeartbeatInterval, cancellationToken));
        }
        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
        {
            throw ApiProblem.Validation("limit", $"limit must be a whole number from 1 to {MaxLimit}.");
        }
        // A page without a cursor starts at the beginning of retention: a poller sees everything still kept.
        return TypedResults.Ok(await feed.ReadPageAsync(cursor ?? FeedCursor.Start(partitions), take, filter));
    }

    private static bool WantsStream(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase));
}
