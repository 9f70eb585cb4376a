namespace SessionCluster.Api.Contracts;

public sealed record ApprovedLinkDto(string LinkId, string UserId);
