namespace SessionCluster.Api.Contracts;

/// <summary>A poll's answer in cookie mode: on the one answer that hands it over, the session (its tokens went into cookies).</summary>
public sealed record PublicLinkCookieDto(string Status, CookieSessionDto? Session);
