namespace SessionCluster.Api.Contracts;

/// <summary>POST /v1/public/{tenantId}/device-links/poll.</summary>
public sealed record PublicLinkPollRequest(string? LinkId, int? WaitSeconds, bool? Cookie);
