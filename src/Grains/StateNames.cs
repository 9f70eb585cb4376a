namespace SessionCluster.Grains;

/// <summary>
/// Persistent state names and grain type names. Both are part of the storage key
/// (<c>{ServiceId}/state/{grainType}/{key}/{stateName}</c>): never change them.
/// </summary>
public static class StateNames
{
    public const string Session = "session";
    public const string User = "user";
    public const string UserEvents = "events";
    public const string DeviceLink = "link";
    public const string UserCode = "code";
    public const string Mfa = "mfa";
    public const string Webhook = "webhook";
}
