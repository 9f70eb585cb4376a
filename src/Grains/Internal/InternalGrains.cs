namespace SessionCluster.Grains;

/// <summary>References to the cluster's own grains through their internal interfaces.</summary>
internal static class InternalGrains
{
    public static ISessionGrainInternal SessionInternal(this IGrainFactory grains, string tenantId, string sessionId) =>
        grains.GetGrain<ISessionGrainInternal>(GrainKeys.Session(tenantId, sessionId));

    public static IUserGrainInternal UserInternal(this IGrainFactory grains, string tenantId, string userId) =>
        grains.GetGrain<IUserGrainInternal>(GrainKeys.User(tenantId, userId));

    public static IMfaGrainInternal MfaInternal(this IGrainFactory grains, string tenantId, string userId) =>
        grains.GetGrain<IMfaGrainInternal>(GrainKeys.User(tenantId, userId));

    public static IDeviceLinkGrainInternal DeviceLinkInternal(this IGrainFactory grains, string tenantId, string linkId) =>
        grains.GetGrain<IDeviceLinkGrainInternal>(GrainKeys.Scoped(tenantId, linkId));

    public static IUserCodeGrainInternal UserCodeInternal(this IGrainFactory grains, string tenantId, string userCode) =>
        grains.GetGrain<IUserCodeGrainInternal>(GrainKeys.Scoped(tenantId, userCode));
}
