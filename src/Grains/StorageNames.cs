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
