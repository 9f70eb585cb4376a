namespace SessionCluster.AspNetCore.Client;

/// <summary>The end user's client as the app sees it: address and user agent (risk signals, the devices page).</summary>
/// <param name="Ip">The end user's address (not the app's).</param>
/// <param name="UserAgent">The browser's user agent.</param>
public sealed record ClientDetails(string? Ip, string? UserAgent);
