namespace SessionCluster.Api.Contracts;

public sealed record DeviceLinkStartDto(string LinkId, string UserCode, DateTimeOffset ExpiresAt);
