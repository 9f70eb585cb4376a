namespace SessionCluster.Grains;

/// <summary><c>SessionCluster:Events</c>: the tenant feed and webhook delivery (docs/architecture.md, "Tenant events").</summary>
public sealed class EventsOptions
{
    public const string SectionName = "SessionCluster:Events";

    /// <summary>
    /// Partitions of each tenant's feed (a user's events all go to one, by a stable hash of the user id). Part of every
    /// cursor: changing it makes earlier cursors invalid (400), so choose it once.
    /// </summary>
    public int FeedPartitions { get; set; } = 8;

    /// <summary>How long the feed keeps an event (resume, replay and delivery backlogs reach back this far).</summary>
    public TimeSpan FeedRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an endpoint is retried (exponential backoff with jitter) before it is marked failing.</summary>
    public TimeSpan WebhookRetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The longest one delivery attempt may take (connect, send, answer).</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest pause between two attempts while retrying.</summary>
    public TimeSpan WebhookMaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a failing endpoint is probed with its oldest undelivered event (recovery without a replay).</summary>
    public TimeSpan WebhookProbeInterval { get; set; } = TimeSpan.FromMinutes(5);
}
