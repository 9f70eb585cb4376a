using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;
using Orleans.TestingHost;
using SessionCluster.Grains;
using SessionCluster.Hosting.Storage;

namespace SessionCluster.Tests.Infrastructure;

/// <summary>
/// An in-process silo whose storage is the production wiring (in-memory providers behind the storage guard) with
/// <see cref="StorageFaults"/> slipped in between, so a test can make storage fail for the grains it names.
/// </summary>
public sealed class FaultyStorageFixture : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(TestTenants.Epoch);

    public StorageFaults Faults { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(TestTenants.Configuration());
            host.Services.AddKeyedSingleton<TimeProvider>(Clock.ServiceKey, Time);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSessionClusterProviders(redis: null);
            foreach (var name in StorageNames.All)
            {
                // Registered last, so this is the provider the grains get: guard → faults → memory.
                silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, key) => GuardedGrainStorage.Create(
                    services, name, Faults.Wrap(name, MemoryGrainStorageFactory.Create(services, name))));
            }
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class FaultyStorageCollection : ICollectionFixture<FaultyStorageFixture>
{
    public const string Name = "in-process silo with failing storage";
}
