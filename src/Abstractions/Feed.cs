using Orleans.Concurrency;

namespace SessionCluster;

/// <summary>One event of a tenant's feed: a user's event with the user it concerns and where it sits in its partition.</summary>
[GenerateSerializer, Immutable, Alias("FeedEvent")]
public sealed record FeedEvent
{
    /// <summary>The user's event (its id is the feed's deduplication key and the webhook id).</summary>
    [Id(0)] public required SessionEvent Event { get; init; }
    /// <summary>The user the event concerns.</summary>
    [Id(1)] public required string UserId { get; init; }
    /// <summary>Its position in its partition (a Redis stream id, <c>ms-seq</c>); empty until the feed stored it.</summary>
    [Id(2)] public string Position { get; init; } = "";
    /// <summary>Its number in its partition, 1, 2, 3… (backlogs are differences of these).</summary>
    [Id(3)] public long Sequence { get; init; }
}

/// <summary>What one read of a feed partition returns.</summary>
[GenerateSerializer, Immutable, Alias("FeedPage")]
public sealed record FeedPage
{
    /// <summary>The events after the position asked for, oldest first.</summary>
    [Id(0)] public IReadOnlyList<FeedEvent> Events { get; init; } = [];
    /// <summary>The sequence number of the partition's newest event (0: none yet).</summary>
    [Id(1)] public long LastSequence { get; init; }
    /// <summary>The position of the partition's newest event (<c>0-0</c>: none yet): where a live reader starts.</summary>
    [Id(2)] public string LastPosition { get; init; } = FeedKeys.Start;
}

/// <summary>One partition of a tenant's event feed (key <c>{tenantId}/{partition}</c>, see <see cref="FeedKeys"/>).</summary>
[Alias("IEventFeedGrain")]
public interface IEventFeedGrain : IGrainWithStringKey
{
    /// <summary>
    /// Up to <paramref name="limit"/> events after <paramref name="after"/> (a position; <c>0-0</c> for the start of
    /// retention). With nothing there yet, waits up to <paramref name="wait"/> for an event first (a long poll).
    /// </summary>
    [Alias("Read"), AlwaysInterleave]
    Task<FeedPage> ReadAsync(string after, int limit, TimeSpan wait);
}

/// <summary>Delivery state of one webhook endpoint over one feed partition.</summary>
[GenerateSerializer, Immutable, Alias("WebhookStatusView")]
public sealed record WebhookStatusView
{
    [Id(0)] public WebhookHealth Health { get; init; }
    [Id(1)] public string? LastError { get; init; }
    /// <summary>Events of the partition not delivered yet (including ones the endpoint's filter will skip).</summary>
    [Id(2)] public long Backlog { get; init; }
    /// <summary>The partition position delivered last (<c>0-0</c>: none).</summary>
    [Id(3)] public string Position { get; init; } = FeedKeys.Start;
    [Id(4)] public DateTimeOffset? LastDeliveredAt { get; init; }
}

/// <summary>Health of a webhook endpoint, as <c>GET /v1/webhooks</c> words it.</summary>
[GenerateSerializer, Alias("WebhookHealth")]
public enum WebhookHealth
{
    Healthy = 0,
    Retrying = 1,
    Failing = 2,
}

/// <summary>Delivery of one tenant's webhook endpoint over one feed partition (key <c>{tenantId}/{name}/{partition}</c>).</summary>
[Alias("IWebhookGrain")]
public interface IWebhookGrain : IGrainWithStringKey
{
    [Alias("GetStatus"), AlwaysInterleave]
    Task<WebhookStatusView> GetStatusAsync();

    /// <summary>
    /// Delivers again every event after <paramref name="after"/> (a partition position; null: from where delivery
    /// stopped) and leaves the failing state at once.
    /// </summary>
    [Alias("Replay")]
    Task ReplayAsync(string? after);
}

/// <summary>Keys and constants of the feed.</summary>
public static class FeedKeys
{
    /// <summary>The position before a partition's first event.</summary>
    public const string Start = "0-0";

    public static string Partition(string tenantId, int partition) =>
        GrainKeys.Scoped(tenantId, partition.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string Webhook(string tenantId, string name, int partition) =>
        GrainKeys.Scoped(tenantId, string.Concat(name, "/", partition.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
