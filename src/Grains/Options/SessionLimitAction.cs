namespace SessionCluster.Grains;

/// <summary>What a tenant does when a user already has <see cref="SessionPolicy.MaxSessionsPerUser"/> sessions.</summary>
public enum SessionLimitAction
{
    RejectNew = 0,
    EvictOldest = 1,
}
