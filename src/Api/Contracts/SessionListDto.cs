namespace SessionCluster.Api.Contracts;

public sealed record SessionListDto(IReadOnlyList<SessionViewDto> Sessions);
