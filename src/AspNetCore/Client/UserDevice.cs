namespace SessionCluster.AspNetCore.Client;

/// <summary>One of a user's devices (the API's "device").</summary>
public sealed record UserDevice
{
    /// <summary>The device id.</summary>
    public required string DeviceId { get; init; }
    /// <summary>Its name.</summary>
    public string? Name { get; init; }
    /// <summary>Its type.</summary>
    public string? Type { get; init; }
    /// <summary>First session on it.</summary>
    public DateTimeOffset FirstSeenAt { get; init; }
    /// <summary>Last activity on it.</summary>
    public DateTimeOffset LastSeenAt { get; init; }
    /// <summary><c>login</c> or <c>link</c>.</summary>
    public string? LinkedVia { get; init; }
    /// <summary>Active sessions on it.</summary>
    public int ActiveSessions { get; init; }
}
