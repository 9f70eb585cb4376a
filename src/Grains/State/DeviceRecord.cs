namespace SessionCluster.Grains;

[GenerateSerializer, Alias("DeviceRecord")]
public sealed class DeviceRecord
{
    [Id(0)] public string? Name { get; set; }
    [Id(1)] public string? Type { get; set; }
    [Id(2)] public DateTimeOffset FirstSeenAt { get; set; }
    [Id(3)] public DateTimeOffset LastSeenAt { get; set; }
    [Id(4)] public string LinkedVia { get; set; } = DeviceLinkKinds.Login;
}
