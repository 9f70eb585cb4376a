namespace SessionCluster;

/// <summary>Event types (docs/api.md). Add types; never rename one.</summary>
public static class EventTypes
{
    public const string SessionCreated = "session.created";
    public const string SessionRefreshed = "session.refreshed";
    public const string SessionExtended = "session.extended";
    public const string SessionExpiring = "session.expiring";
    public const string SessionExpired = "session.expired";
    public const string SessionRevoked = "session.revoked";
    public const string SessionDataChanged = "session.data_changed";
    public const string SessionSteppedUp = "session.stepped_up";
    public const string DeviceLinked = "device.linked";
    public const string DeviceRemoved = "device.removed";
    public const string SecurityAlert = "security.alert";
    /// <summary>Added to the contract: the user confirmed a TOTP second factor.</summary>
    public const string MfaEnrolled = "mfa.enrolled";
    /// <summary>Added to the contract: the user's TOTP second factor was removed.</summary>
    public const string MfaRemoved = "mfa.removed";

    /// <summary>Every type above (what a webhook's <c>Types</c> filter may name).</summary>
    public static readonly IReadOnlyList<string> All =
    [
        SessionCreated, SessionRefreshed, SessionExtended, SessionExpiring, SessionExpired, SessionRevoked,
        SessionDataChanged, SessionSteppedUp, DeviceLinked, DeviceRemoved, SecurityAlert, MfaEnrolled, MfaRemoved,
    ];
}

/// <summary>The user's event history.</summary>
public static class EventHistory
{
    /// <summary>The most events kept per user (and the largest <c>limit</c> the API accepts).</summary>
    public const int Limit = 500;

    /// <summary>A live listener lapses unless it subscribes again within this (renew well inside it, e.g. every 30 s).</summary>
    public static readonly TimeSpan ListenerLifetime = TimeSpan.FromMinutes(1);
}

/// <summary>Something that happened to one of a user's sessions or devices.</summary>
[GenerateSerializer, Immutable, Alias("SessionEvent")]
public sealed record SessionEvent
{
    /// <summary>Unique id (sortable by time within a user).</summary>
    [Id(0)] public required string Id { get; init; }
    /// <summary>One of <see cref="EventTypes"/>.</summary>
    [Id(1)] public required string Type { get; init; }
    /// <summary>When it happened.</summary>
    [Id(2)] public DateTimeOffset At { get; init; }
    /// <summary>The session concerned, if any.</summary>
    [Id(3)] public string? SessionId { get; init; }
    /// <summary>The device concerned, if any.</summary>
    [Id(4)] public string? DeviceId { get; init; }
    /// <summary>Type-specific details (e.g. <c>reason</c>, <c>expiresAt</c>, <c>seenIp</c>).</summary>
    [Id(5)] public IReadOnlyDictionary<string, string> Detail { get; init; } = new Dictionary<string, string>();
}

/// <summary>A live listener to a user's events (an API node streaming them to a device, or a .NET service).</summary>
[Alias("ISessionEventObserver")]
public interface ISessionEventObserver : IGrainObserver
{
    /// <summary>Delivers one event. Called without waiting for an answer.</summary>
    [Alias("OnEvent"), Orleans.Concurrency.OneWay]
    Task OnEventAsync(SessionEvent sessionEvent);
}
