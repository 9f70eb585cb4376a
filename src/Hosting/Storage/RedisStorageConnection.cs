using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace SessionCluster.Hosting.Storage;

/// <summary>
/// The one Redis connection the grain storage providers share. Configured to refuse at once while Redis is
/// unreachable (StackExchange.Redis would otherwise queue commands in its backlog and fail them only after its
/// timeout, ~5 s per try), and used to ask Redis (<c>WAIT</c>) whether a write reached its replicas: <c>WAIT</c>
/// counts the writes made on its own connection, which is why the providers and it share this one.
/// </summary>
public sealed class RedisStorageConnection(string configuration, IOptions<StorageOptions> options, IOptions<ClusterOptions> cluster, Action<ConfigurationOptions>? configure = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;

    /// <summary>False while Redis cannot be reached: writes are refused without asking it.</summary>
    public bool IsConnected => _multiplexer?.IsConnected ?? false;

    /// <param name="configure">adds what the connection string cannot say (the TLS trust of <c>SessionCluster:Tls:Redis*</c>).</param>
    public static ConfigurationOptions FailFast(string configuration, TimeSpan operationTimeout, Action<ConfigurationOptions>? configure = null)
    {
        var redis = ConfigurationOptions.Parse(configuration);
        configure?.Invoke(redis);
        redis.BacklogPolicy = BacklogPolicy.FailFast;
        redis.AbortOnConnectFail = false;
        var timeout = (int)Math.Ceiling(operationTimeout.TotalMilliseconds);
        redis.AsyncTimeout = timeout;
        redis.SyncTimeout = timeout;
        return redis;
    }

    public async Task<ConnectionMultiplexer> GetAsync()
    {
        if (_multiplexer is { } existing)
        {
            return existing;
        }
        await _connecting.WaitAsync();
        try
        {
            // WAIT is answered after ReplicaAckTimeout at the latest: the client must not give up on it earlier.
            var o = options.Value;
            var timeout = o.OperationTimeout + (o.ReplicasToAck > 0 ? o.ReplicaAckTimeout : TimeSpan.Zero);
            return _multiplexer ??= await ConnectionMultiplexer.ConnectAsync(FailFast(configuration, timeout, configure));
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>The storage key of a grain's state: Orleans' Redis provider's own layout, so stored state stays where it is.</summary>
    public RedisKey KeyFor(string stateName, GrainId grainId) => $"{cluster.Value.ServiceId}/state/{grainId.Type}/{grainId.Key}/{stateName}";

    /// <summary>
    /// How many replicas have every write made on this connection so far (so the one just made), asked of the
    /// primary that holds <paramref name="key"/>; waits at most <see cref="StorageOptions.ReplicaAckTimeout"/>.
    /// </summary>
    public async Task<long> ReplicasAckedAsync(RedisKey key)
    {
        var multiplexer = await GetAsync();
        var db = multiplexer.GetDatabase();
        var endpoint = await db.IdentifyEndpointAsync(key) ?? throw new RedisConnectionException(ConnectionFailureType.UnableToResolvePhysicalConnection, "No primary holds the key.");
        var server = multiplexer.GetServer(endpoint);
        var o = options.Value;
        var answer = await server.ExecuteAsync("WAIT", o.ReplicasToAck, (long)o.ReplicaAckTimeout.TotalMilliseconds);
        return (long)answer;
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }
        _connecting.Dispose();
    }
}
