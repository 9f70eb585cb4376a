namespace SessionCluster.Api.Contracts;

public sealed record DeviceListDto(IReadOnlyList<DeviceDto> Devices);
