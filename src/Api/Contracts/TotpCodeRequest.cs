namespace SessionCluster.Api.Contracts;

/// <summary>POST /v1/users/{id}/totp/confirm.</summary>
public sealed record TotpCodeRequest(string? Code);
