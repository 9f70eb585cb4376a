namespace SessionCluster.Grains;

internal static class UserEvents
{
    /// <summary>Time-ordered, unique event ids (UUID v7).</summary>
    public static string NewId(DateTimeOffset at) => Guid.CreateVersion7(at).ToString("N");
}
