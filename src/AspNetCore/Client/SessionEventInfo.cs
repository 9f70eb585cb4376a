using System.Text.Json;

namespace SessionCluster.AspNetCore.Client;

/// <summary>An event of a user's sessions or devices (the API's "event"); the tenant feed adds <c>userId</c> and <c>cursor</c>.</summary>
public sealed record SessionEventInfo
{
    /// <summary>The event id.</summary>
    public required string Id { get; init; }
    /// <summary>e.g. <c>session.revoked</c>.</summary>
    public required string Type { get; init; }
    /// <summary>When it happened.</summary>
    public DateTimeOffset At { get; init; }
    /// <summary>The session concerned, if any.</summary>
    public string? SessionId { get; init; }
    /// <summary>The device concerned, if any.</summary>
    public string? DeviceId { get; init; }
    /// <summary>The user (tenant feed only).</summary>
    public string? UserId { get; init; }
    /// <summary>Type-specific details.</summary>
    public JsonElement Detail { get; init; }
}
