namespace SessionCluster.Api.Contracts;

/// <summary>One configured webhook endpoint and how its delivery stands (over all feed partitions).</summary>
public sealed record WebhookDto(string Name, string Url, string Status, string? LastError, long Backlog, string LastDeliveredCursor);
