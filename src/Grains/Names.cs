namespace SessionCluster.Grains;

/// <summary>Storage provider names. The silo registers a provider under each.</summary>
public static class StorageNames
{
    public const string Sessions = "sessions";
    public const string Users = "users";
    public const string Links = "links";

    /// <summary>Every storage provider the grains use.</summary>
    public static readonly IReadOnlyList<string> All = [Sessions, Users, Links];
}

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
}

public static class GrainTypes
{
    public const string Session = "session";
    public const string User = "user";
    public const string DeviceLink = "devicelink";
    public const string UserCode = "usercode";
    public const string Mfa = "mfa";
}
