namespace SessionCluster.Api.Contracts;

/// <summary>POST /v1/public/{tenantId}/device-links: what the new device calls itself; <c>cookie</c> (default true) binds the link to this browser.</summary>
public sealed record PublicLinkStartRequest(DeviceRequestDto? Device, bool? Cookie);
