using Orleans.Concurrency;

namespace SessionCluster.Grains;

/// <summary>What only the cluster's own grains call on a device link.</summary>
[Alias("IDeviceLinkGrainInternal")]
internal interface IDeviceLinkGrainInternal : IDeviceLinkGrain
{
    /// <summary>
    /// Withdraws the link (the approving user was erased). One-way: the user grain never waits on a link, which may
    /// itself be waiting on the user grain to hand its session over.
    /// </summary>
    [Alias("Cancel"), OneWay]
    Task CancelAsync();
}
