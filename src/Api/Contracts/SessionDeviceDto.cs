namespace SessionCluster.Api.Contracts;

public sealed record SessionDeviceDto(string DeviceId, string? Name, string? Type);
