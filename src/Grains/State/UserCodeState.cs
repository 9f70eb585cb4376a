namespace SessionCluster.Grains;

[GenerateSerializer, Alias("UserCodeState")]
public sealed class UserCodeState
{
    [Id(0)] public string? LinkId { get; set; }
    [Id(1)] public DateTimeOffset ExpiresAt { get; set; }
}
