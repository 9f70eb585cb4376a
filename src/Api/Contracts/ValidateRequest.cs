namespace SessionCluster.Api.Contracts;

/// <summary>POST /v1/sessions/validate.</summary>
public sealed record ValidateRequest(string? AccessToken, ClientDto? Client);
