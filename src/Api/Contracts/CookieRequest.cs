namespace SessionCluster.Api.Contracts;

/// <summary>POST /v1/me/cookie: the refresh token the app handed over; the pair it yields goes into cookies only.</summary>
public sealed record CookieRequest(string? RefreshToken, ClientDto? Client);
