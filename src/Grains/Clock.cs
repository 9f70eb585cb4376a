namespace SessionCluster.Grains;

/// <summary>
/// The grains' clock is a keyed <see cref="TimeProvider"/>, so tests can move session time with a fake
/// clock without moving the clock Orleans itself runs on (membership, timeouts).
/// </summary>
public static class Clock
{
    public const string ServiceKey = "sessioncluster";
}
