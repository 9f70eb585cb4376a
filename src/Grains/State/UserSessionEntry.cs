namespace SessionCluster.Grains;

[GenerateSerializer, Alias("UserSessionEntry")]
public sealed class UserSessionEntry
{
    [Id(0)] public string DeviceId { get; set; } = "";
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set once the session is revoked or expired; the entry goes when the session's state is purged.</summary>
    [Id(2)] public DateTimeOffset? EndedAt { get; set; }
}
