namespace SessionCluster.Api.Contracts;

public sealed record MySessionListDto(IReadOnlyList<MySessionDto> Sessions);
