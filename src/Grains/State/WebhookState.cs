namespace SessionCluster.Grains;

/// <summary>Where one endpoint's delivery over one feed partition stands. Field ids are the stored format: add, never renumber.</summary>
[GenerateSerializer, Alias("WebhookState")]
public sealed class WebhookState
{
    /// <summary>The partition position delivered (or skipped by the endpoint's filter) last.</summary>
    [Id(0)] public string Position { get; set; } = FeedKeys.Start;
    [Id(1)] public long DeliveredSequence { get; set; }
    [Id(2)] public WebhookHealth Health { get; set; }
    [Id(3)] public string? LastError { get; set; }
    /// <summary>The first failure of the current run of failures (the retry window counts from it).</summary>
    [Id(4)] public DateTimeOffset? FailingSince { get; set; }
    [Id(5)] public int Failures { get; set; }
    [Id(6)] public DateTimeOffset? LastDeliveredAt { get; set; }
}
