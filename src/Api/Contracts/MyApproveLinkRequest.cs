namespace SessionCluster.Api.Contracts;

/// <summary>POST /v1/me/device-links/approve.</summary>
public sealed record MyApproveLinkRequest(string? UserCode);
