namespace SessionCluster.AspNetCore.Client;

/// <summary>A link approved by a session of <see cref="UserId"/>.</summary>
/// <param name="LinkId">The link approved.</param>
/// <param name="UserId">The user the new device is signed in as.</param>
public sealed record DeviceLinkApproval(string LinkId, string UserId);
