namespace SessionCluster.Grains;

[GenerateSerializer, Alias("DeviceLinkState")]
public sealed class DeviceLinkState
{
    [Id(0)] public DeviceLinkStatus Status { get; set; }
    [Id(1)] public string? UserCode { get; set; }
    [Id(2)] public DeviceInfo Device { get; set; } = new();
    [Id(3)] public ClientInfo Client { get; set; } = new();
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(6)] public string? ApprovedUserId { get; set; }
    [Id(7)] public string? ApprovedBySessionId { get; set; }
    [Id(8)] public string? SessionId { get; set; }

    public bool Exists => UserCode is not null;
}
