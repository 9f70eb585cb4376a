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

    public static IEventFeedGrainInternal FeedInternal(this IGrainFactory grains, string tenantId, int partition) =>
        grains.GetGrain<IEventFeedGrainInternal>(FeedKeys.Partition(tenantId, partition));

    public static IWebhookGrainInternal WebhookInternal(this IGrainFactory grains, string tenantId, string name, int partition) =>
        grains.GetGrain<IWebhookGrainInternal>(FeedKeys.Webhook(tenantId, name, partition));
}
