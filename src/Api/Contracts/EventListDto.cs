namespace SessionCluster.Api.Contracts;

public sealed record EventListDto(IReadOnlyList<EventDto> Events);
