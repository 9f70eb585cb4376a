namespace SessionCluster.Api.Contracts;

/// <summary>POST /v1/sessions/refresh.</summary>
public sealed record RefreshRequest(string? RefreshToken, ClientDto? Client);
