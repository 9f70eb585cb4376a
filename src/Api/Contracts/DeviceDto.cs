namespace SessionCluster.Api.Contracts;

/// <summary>The "device" of docs/api.md.</summary>
public sealed record DeviceDto(string DeviceId, string? Name, string? Type, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, string LinkedVia, int ActiveSessions)
{
    public static DeviceDto From(DeviceView d) => new(d.DeviceId, d.Name, d.Type, d.FirstSeenAt, d.LastSeenAt, d.LinkedVia, d.ActiveSessions);
}
