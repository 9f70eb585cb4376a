namespace SessionCluster.Api.Contracts;

/// <summary>The "event" of docs/api.md.</summary>
public sealed record EventDto(string Id, string Type, DateTimeOffset At, string? SessionId, string? DeviceId, IReadOnlyDictionary<string, string> Detail)
{
    public static EventDto From(SessionEvent e) => new(e.Id, e.Type, e.At, e.SessionId, e.DeviceId, e.Detail);
}
