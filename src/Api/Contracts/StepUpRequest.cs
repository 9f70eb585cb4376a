namespace SessionCluster.Api.Contracts;

/// <summary>POST /v1/sessions/{id}/step-up and /v1/me/step-up.</summary>
public sealed record StepUpRequest(string? Method, string? Code, ClientDto? Client);
