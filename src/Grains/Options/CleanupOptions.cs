namespace SessionCluster.Grains;

/// <summary>Storage housekeeping (<c>SessionCluster:Cleanup</c>), for the whole cluster.</summary>
public sealed class CleanupOptions
{
    /// <summary>How often each user's sessions are swept for expiry and removal (a reminder per user with state).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);
}
