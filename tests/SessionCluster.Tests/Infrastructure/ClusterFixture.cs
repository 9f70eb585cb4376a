using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using SessionCluster.Grains;

namespace SessionCluster.Tests.Infrastructure;

/// <summary>
/// An in-process cluster of two silos with in-memory storage, shared by a collection. Session time runs
/// on a fake clock the tests move; Orleans' own clock stays real.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(TestTenants.Epoch);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(TestTenants.Configuration());
            host.Services.AddKeyedSingleton<TimeProvider>(Clock.ServiceKey, Time);
        });
        builder.ConfigureSilo((_, silo) => silo.AddSessionClusterProviders(redis: null));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "in-process cluster";
}
