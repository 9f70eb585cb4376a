namespace SessionCluster.AspNetCore.Client;

/// <summary>A device as the app names it when it opens a session.</summary>
/// <param name="Id">The app's id for the device (optional: the cluster makes one).</param>
/// <param name="Name">A name the user recognises ("Firefox on Linux").</param>
/// <param name="Type">e.g. <c>browser</c>, <c>mobile</c>, <c>desktop</c>.</param>
public sealed record DeviceDetails(string? Id = null, string? Name = null, string? Type = null);
