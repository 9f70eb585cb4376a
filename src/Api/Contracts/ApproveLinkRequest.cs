namespace SessionCluster.Api.Contracts;

/// <summary>POST /v1/device-links/approve: a signed-in session of the user approves the typed code.</summary>
public sealed record ApproveLinkRequest(string? UserCode, string? AccessToken);
