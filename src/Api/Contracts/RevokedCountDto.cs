namespace SessionCluster.Api.Contracts;

public sealed record RevokedCountDto(int Revoked);
