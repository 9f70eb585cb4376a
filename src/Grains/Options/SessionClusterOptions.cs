namespace SessionCluster.Grains;

/// <summary>The <c>SessionCluster</c> configuration section.</summary>
public sealed class SessionClusterOptions
{
    public const string SectionName = "SessionCluster";

    public Dictionary<string, TenantOptions> Tenants { get; set; } = new(StringComparer.Ordinal);

    public CleanupOptions Cleanup { get; set; } = new();
}
