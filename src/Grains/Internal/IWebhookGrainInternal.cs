using Orleans.Concurrency;

namespace SessionCluster.Grains;

/// <summary>What only the cluster's own grains call on a webhook delivery grain.</summary>
[Alias("IWebhookGrainInternal")]
internal interface IWebhookGrainInternal : IWebhookGrain
{
    /// <summary>Told by its partition that events arrived: delivers unless it is waiting out a backoff.</summary>
    [Alias("Kick"), OneWay]
    Task KickAsync();
}
