namespace SessionCluster.Tests.Infrastructure;

/// <summary>
/// Silo and API processes on a Sentinel topology (primary, one replica, three Sentinels), with
/// <c>ReplicasToAck=1</c> as the README recommends for it. Started once for the collection.
/// </summary>
public sealed class SentinelCluster : IAsyncLifetime
{
    public SentinelCluster()
    {
        Cluster = ProcessCluster.Over(Redis);
        Cluster.SiloSettings["SessionCluster__Storage__ReplicasToAck"] = "1";
    }

    public SentinelTopology Redis { get; } = new();

    public ProcessCluster Cluster { get; }

    public async ValueTask InitializeAsync()
    {
        await Redis.InitializeAsync();
        await Cluster.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SentinelCollection : ICollectionFixture<SentinelCluster>
{
    public const string Name = "sentinel topology";
}

/// <summary>Silo and API processes on a Redis Cluster (3 primaries, 3 replicas) with <c>ReplicasToAck=1</c>. Started once for the collection.</summary>
public sealed class RedisClusterProcesses : IAsyncLifetime
{
    public RedisClusterProcesses()
    {
        Cluster = ProcessCluster.Over(Redis);
        Cluster.SiloSettings["SessionCluster__Storage__ReplicasToAck"] = "1";
    }

    public RedisClusterTopology Redis { get; } = new();

    public ProcessCluster Cluster { get; }

    public async ValueTask InitializeAsync()
    {
        await Redis.InitializeAsync();
        await Cluster.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterProcesses>
{
    public const string Name = "redis cluster topology";
}
