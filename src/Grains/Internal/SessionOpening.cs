namespace SessionCluster.Grains;

/// <summary>
/// How a user grain opens a session: the app's command plus what only the cluster decides (how the device joined,
/// whether the user has used it before).
/// </summary>
[GenerateSerializer, Immutable, Alias("SessionOpening")]
internal sealed record SessionOpening
{
    [Id(0)] public required CreateSessionCommand Command { get; init; }
    /// <summary>The device with its id (made up when the app gave none).</summary>
    [Id(1)] public required DeviceInfo Device { get; init; }
    /// <summary><c>login</c> or <c>link</c>.</summary>
    [Id(2)] public string LinkedVia { get; init; } = DeviceLinkKinds.Login;
    /// <summary>The session opens on a device the user never used before, while they have others.</summary>
    [Id(3)] public bool FromNewDevice { get; init; }
    /// <summary>A cap on the absolute expiry (a linked session ends with its approver).</summary>
    [Id(4)] public DateTimeOffset? NotAfter { get; init; }
    /// <summary>Starts as risky (its approver was).</summary>
    [Id(5)] public bool Risky { get; init; }
}
