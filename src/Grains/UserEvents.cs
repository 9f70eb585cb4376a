namespace SessionCluster.Grains;

internal static class UserEvents
{
    /// <summary>The most events a user's history keeps (the API's largest <c>limit</c>).</summary>
    public const int HistoryLimit = 500;

    /// <summary>Time-ordered, unique event ids (UUID v7).</summary>
    public static string NewId(DateTimeOffset at) => Guid.CreateVersion7(at).ToString("N");
}
