namespace SessionCluster.Api.Contracts;

/// <summary>A poll's answer in bearer mode: on the one answer that hands it over, the session with its tokens.</summary>
public sealed record PublicLinkBearerDto(string Status, SessionWithTokensDto? Session);
