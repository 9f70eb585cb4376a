namespace SessionCluster.AspNetCore.Client;

/// <summary>A link's state: <c>pending</c>, <c>approved</c> (once, with <see cref="Session"/>), <c>consumed</c> or <c>expired</c>.</summary>
/// <param name="Status">The state.</param>
/// <param name="Session">The new device's session, on the one <c>approved</c> answer.</param>
public sealed record DeviceLinkState(string Status, IssuedSession? Session);
