using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace SessionCluster.Hosting.Storage;

/// <summary>
/// The one Redis connection the grain storage providers share. Configured to refuse at once while Redis is
/// unreachable (StackExchange.Redis would otherwise queue commands in its backlog and fail them only after its
/// timeout, ~5 s per try), and used to ask Redis (<c>WAIT</c>) whether a write reached its replicas.
/// <para>
/// <c>WAIT</c> counts the writes made on its own connection, which is why the providers and it share this one:
/// StackExchange.Redis keeps one interactive socket per server and sends every command for that server over it (the
/// provider's write scripts and <c>WAIT</c> alike), so a <c>WAIT</c> sent to the primary after a write covers it, as
/// long as the socket was not replaced in between (checked: see <see cref="ReplicaAckGroup"/>). Works the same for a
/// single Redis, a Sentinel-managed primary (after a switch the primary is a new endpoint) and Redis Cluster (the
/// primary owning the key's slot, one group commit per primary).
/// </para>
/// </summary>
public sealed class RedisStorageConnection(string configuration, IOptions<StorageOptions> options, IOptions<ClusterOptions> cluster, Action<ConfigurationOptions>? configure = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly ConcurrentDictionary<EndPoint, ReplicaAckGroup> _groups = new();
    private ConnectionMultiplexer? _multiplexer;

    /// <summary>False while Redis cannot be reached: writes are refused without asking it.</summary>
    public bool IsConnected => _multiplexer?.IsConnected ?? false;

    /// <param name="configure">adds what the connection string cannot say (the TLS trust of <c>SessionCluster:Tls:Redis*</c>).</param>
    public static ConfigurationOptions FailFast(string configuration, TimeSpan operationTimeout, Action<ConfigurationOptions>? configure = null)
    {
        var redis = ConfigurationOptions.Parse(configuration);
        configure?.Invoke(redis);
        redis.BacklogPolicy = BacklogPolicy.FailFast;
        // Completions on the .NET thread pool, not StackExchange.Redis' 10 shared scheduler threads: under a write
        // load the grains' continuations contended for that scheduler's lock (bench/results/*-write-path-*).
        redis.SocketManager = SocketManager.ThreadPool;
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
    /// Before writing <paramref name="key"/>: notes the primary that holds it and the connection to it, or refuses
    /// at once (<see cref="ReplicatedWrite.Refusal"/>; nothing written) while its replicas are known to be missing.
    /// </summary>
    public async Task<ReplicatedWrite> BeginReplicatedWriteAsync(RedisKey key)
    {
        var multiplexer = await GetAsync();
        if (PrimaryFor(multiplexer, key) is not { } primary)
        {
            return new ReplicatedWrite(key, null, 0, null, "no primary is known for the key");
        }
        var group = GroupFor(primary.EndPoint);
        var refusal = await group.AdmitAsync();
        return new ReplicatedWrite(key, primary.EndPoint, ConnectionOf(primary), group, refusal);
    }

    /// <summary>
    /// After the write: null once <see cref="StorageOptions.ReplicasToAck"/> replicas have it (Redis <c>WAIT</c>,
    /// shared with the writes that finished meanwhile), or why that is not known: then the primary has the write and
    /// its outcome is unknown, like a timeout's.
    /// </summary>
    public async Task<string?> ConfirmReplicatedAsync(ReplicatedWrite write)
    {
        var multiplexer = await GetAsync();
        if (write.Group is null || PrimaryFor(multiplexer, write.Key) is not { } primary || !primary.EndPoint.Equals(write.Primary))
        {
            // Failover, or a cluster slot moved (StackExchange.Redis follows MOVED): the write may have gone elsewhere.
            return "the primary holding the key changed during the write";
        }
        return await write.Group.ConfirmAsync(write.Connection);
    }

    /// <summary>WAIT commands sent so far, over every primary (fewer than the writes they confirmed: they are shared).</summary>
    internal long WaitsSent => _groups.Values.Sum(g => g.WaitsSent);

    /// <summary>The primary StackExchange.Redis sends a write of <paramref name="key"/> to (chosen locally, no round trip).</summary>
    private static IServer? PrimaryFor(ConnectionMultiplexer multiplexer, RedisKey key)
    {
        try
        {
            var server = multiplexer.GetServer(key, flags: CommandFlags.DemandMaster);
            return server.IsReplica ? null : server;
        }
        catch (InvalidOperationException)
        {
            return null; // no server for the key right now
        }
    }

    /// <summary>
    /// Which connection to the primary is in use: the number of sockets the client has opened to it. WAIT counts the
    /// writes of its own connection, so a write and the WAIT that confirms it must see the same number.
    /// </summary>
    private static long ConnectionOf(IServer server) => server.GetCounters().Interactive.SocketCount;

    private ReplicaAckGroup GroupFor(EndPoint primary) => _groups.GetOrAdd(primary, endpoint =>
    {
        var o = options.Value;
        var waitMilliseconds = (long)o.ReplicaAckTimeout.TotalMilliseconds;
        return new ReplicaAckGroup(o.ReplicasToAck, o.ReplicaAckTimeout,
            async () =>
            {
                // Resolved each time: after a Sentinel switch the multiplexer holds new server objects.
                var server = _multiplexer!.GetServer(endpoint);
                var answer = await server.ExecuteAsync("WAIT", o.ReplicasToAck, waitMilliseconds);
                return new WaitAnswer((long)answer, ConnectionOf(server));
            },
            async () => ReplicationInfo.From(await _multiplexer!.GetServer(endpoint).RoleAsync()), // ROLE, unlike INFO, is no admin command
            TimeProvider.System);
    });

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }
        _connecting.Dispose();
    }
}

/// <summary>A write under way with <see cref="StorageOptions.ReplicasToAck"/> &gt; 0 (see <see cref="RedisStorageConnection.BeginReplicatedWriteAsync"/>).</summary>
public sealed class ReplicatedWrite
{
    internal ReplicatedWrite(RedisKey key, EndPoint? primary, long connection, ReplicaAckGroup? group, string? refusal)
    {
        Key = key;
        Primary = primary;
        Connection = connection;
        Group = group;
        Refusal = refusal;
    }

    /// <summary>Why the write must not be made now (its replicas are known to be missing), or null.</summary>
    public string? Refusal { get; }

    internal RedisKey Key { get; }

    internal EndPoint? Primary { get; }

    internal long Connection { get; }

    internal ReplicaAckGroup? Group { get; }
}
