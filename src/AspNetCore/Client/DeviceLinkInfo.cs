namespace SessionCluster.AspNetCore.Client;

/// <summary>A device link just started: the new device shows <see cref="UserCode"/> and polls <see cref="LinkId"/>.</summary>
/// <param name="LinkId">The link (keep it on the new device only).</param>
/// <param name="UserCode">The code the user types on a signed-in device.</param>
/// <param name="ExpiresAt">When the code stops being accepted.</param>
public sealed record DeviceLinkInfo(string LinkId, string UserCode, DateTimeOffset ExpiresAt);
