using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SessionCluster.Api.Contracts;
using SessionCluster.Api.Http;
using SessionCluster.Grains;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Api;

/// <summary>
/// /v1/webhooks: the caller's tenant's configured endpoints (X-Api-Key) with their delivery status, and replay. The
/// endpoints come from configuration (<c>SessionCluster:Tenants:{t}:Webhooks</c>); each is delivered by one grain per feed
/// partition, so its status is the worst of theirs and its backlog their sum.
/// </summary>
public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/webhooks").WithTags("Webhooks");
        group.MapGet("/", ListAsync)
            .WithName("ListWebhooks")
            .WithSummary("The tenant's webhook endpoints and how their delivery stands")
            .WithDescription("Per endpoint: healthy, retrying (backing off after failures) or failing (retry window spent; probed "
                + "until it recovers or is replayed), the last error, the undelivered backlog and the cursor delivered last.")
            .Produces<WebhookListDto>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/{name}/replay", ReplayAsync)
            .WithName("ReplayWebhook")
            .WithSummary("Deliver an endpoint's events again from a cursor")
            .WithDescription("Delivers again every event after the cursor given as 'after' (absent: from where delivery stopped) "
                + "and takes the endpoint out of the failing state at once. 202: delivery is under way.")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    public static async Task<Ok<WebhookListDto>> ListAsync(
        ServiceCaller caller, IGrainFactory grains, IOptionsMonitor<SessionClusterOptions> tenants, IOptions<EventsOptions> events)
    {
        var partitions = events.Value.FeedPartitions;
        var list = new List<WebhookDto>();
        foreach (var (name, hook) in Webhooks(tenants, caller.TenantId).OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            var statuses = await Task.WhenAll(Enumerable.Range(0, partitions).Select(p =>
                ClusterRetry.RunAsync(() => grains.GetGrain<IWebhookGrain>(FeedKeys.Webhook(caller.TenantId, name, p)).GetStatusAsync())));
            var cursor = FeedCursor.Start(partitions);
            for (var p = 0; p < partitions; p++)
            {
                cursor = cursor.With(p, FeedPosition.Parse(statuses[p].Position));
            }
            var health = statuses.Max(s => s.Health);
            var lastError = statuses.Where(s => s.Health == health && s.LastError is not null).Select(s => s.LastError).FirstOrDefault()
                ?? statuses.Select(s => s.LastError).FirstOrDefault(e => e is not null);
            list.Add(new WebhookDto(name, hook.Url!, health.ToString().ToLowerInvariant(), lastError, statuses.Sum(s => s.Backlog), cursor.Encode()));
        }
        return TypedResults.Ok(new WebhookListDto(list));
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> ReplayAsync(
        ServiceCaller caller, string name, ReplayRequest? request, IGrainFactory grains,
        IOptionsMonitor<SessionClusterOptions> tenants, IOptions<EventsOptions> events)
    {
        if (!Webhooks(tenants, caller.TenantId).ContainsKey(name))
        {
            return ApiProblem.Result(StatusCodes.Status404NotFound, ErrorCodes.WebhookNotFound, "The tenant has no webhook of that name.");
        }
        var partitions = events.Value.FeedPartitions;
        FeedCursor? cursor = null;
        if (request?.After is { } after)
        {
            cursor = FeedCursor.TryDecode(after, partitions, out var decoded)
                ? decoded
                : throw ApiProblem.Validation("after", "not a cursor of this feed (take it from an event's cursor or lastDeliveredCursor).");
        }
        await Task.WhenAll(Enumerable.Range(0, partitions).Select(p =>
            ClusterRetry.RunAsync(() => grains.GetGrain<IWebhookGrain>(FeedKeys.Webhook(caller.TenantId, name, p)).ReplayAsync(cursor?[p].ToString()))));
        return TypedResults.Accepted((string?)null);
    }

    private static Dictionary<string, WebhookOptions> Webhooks(IOptionsMonitor<SessionClusterOptions> tenants, string tenantId) =>
        tenants.CurrentValue.Tenants.TryGetValue(tenantId, out var tenant) ? tenant.Webhooks : [];
}
