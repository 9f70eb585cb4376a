namespace SessionCluster.Api.Contracts;

/// <summary><c>status</c>: pending, approved, consumed or expired; <c>session</c> only on the one answer that hands it over.</summary>
public sealed record DeviceLinkStatusDto(string Status, SessionWithTokensDto? Session);
