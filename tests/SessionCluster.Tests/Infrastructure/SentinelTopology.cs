using System.Globalization;
using StackExchange.Redis;

namespace SessionCluster.Tests.Infrastructure;

/// <summary>
/// Redis Sentinel on loopback, as the README recommends it: a primary and one replica (AOF on both) watched by three
/// <c>redis-sentinel</c> processes (quorum 2, a node is down after 1 s without answers). Free ports, temp
/// directories, every process started and stopped here by pid. Ready only once the replica is in sync and every
/// Sentinel knows the primary, the replica and the other two.
/// </summary>
public sealed class SentinelTopology : IRedisTopology, IAsyncLifetime
{
    public const string ServiceName = "sessioncluster";
    private const int DownAfterMilliseconds = 1000;
    private const int FailoverTimeoutMilliseconds = 2000;

    private readonly List<RedisNode> _nodes = [];
    private readonly List<RedisNode> _sentinels = [];
    private string? _directory;
    private ConnectionMultiplexer? _admin;

    public string? UnavailableReason { get; private set; }

    public string ConnectionString =>
        string.Join(',', _sentinels.Select(s => s.Address)) + $",serviceName={ServiceName}";

    /// <summary>The two data nodes (which one is the primary changes with failovers: ask <see cref="PrimaryAsync"/>).</summary>
    public IReadOnlyList<RedisNode> Nodes => _nodes;

    public IReadOnlyList<RedisNode> Sentinels => _sentinels;

    public void Require() => RedisTopology.Require(UnavailableReason);

    public async ValueTask InitializeAsync()
    {
        UnavailableReason = RedisTopology.Missing("redis-server", "redis-sentinel", "redis-cli");
        if (UnavailableReason is not null)
        {
            return;
        }
        _directory = System.IO.Directory.CreateTempSubdirectory("sessioncluster-sentinel-").FullName;
        var server = RedisTopology.Find("redis-server")!;
        for (var i = 0; i < 2; i++)
        {
            _nodes.Add(new RedisNode($"redis-{(char)('a' + i)}", server, FreePort.Next(), Path.Combine(_directory, $"node-{i}")));
        }
        _nodes[0].Start(NodeArgs(_nodes[0], replicaOf: null));
        _nodes[1].Start(NodeArgs(_nodes[1], replicaOf: _nodes[0]));
        var sentinel = RedisTopology.Find("redis-sentinel")!;
        for (var i = 0; i < 3; i++)
        {
            var node = new RedisNode($"sentinel-{i + 1}", sentinel, FreePort.Next(), Path.Combine(_directory, $"sentinel-{i}"));
            System.IO.Directory.CreateDirectory(node.Directory);
            // Sentinel rewrites its own configuration file (it must be writable): one each.
            var config = Path.Combine(node.Directory, "sentinel.conf");
            await File.WriteAllTextAsync(config, string.Join('\n',
                $"port {node.Port}",
                "bind 127.0.0.1",
                "daemonize no",
                $"dir {node.Directory}",
                $"sentinel monitor {ServiceName} 127.0.0.1 {_nodes[0].Port} 2",
                $"sentinel down-after-milliseconds {ServiceName} {DownAfterMilliseconds}",
                $"sentinel failover-timeout {ServiceName} {FailoverTimeoutMilliseconds}",
                $"sentinel parallel-syncs {ServiceName} 1",
                ""));
            node.Start([config]);
            _sentinels.Add(node);
        }
        try
        {
            await WaitHealthyAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException ex)
        {
            UnavailableReason = $"the Sentinel topology did not become healthy: {ex.Message}\n{Diagnostics()}";
        }
    }

    /// <summary>Arguments of a data node: AOF on, diskless full syncs without delay (a node that rejoins syncs at once).</summary>
    public static IReadOnlyList<string> NodeArgs(RedisNode node, RedisNode? replicaOf)
    {
        var args = new List<string>
        {
            "--port", node.Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--daemonize", "no",
            "--dir", node.Directory, "--save", "", "--appendonly", "yes", "--appendfsync", "everysec",
            "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0",
        };
        if (replicaOf is not null)
        {
            args.AddRange(["--replicaof", "127.0.0.1", replicaOf.Port.ToString(CultureInfo.InvariantCulture)]);
        }
        return args;
    }

    /// <summary>The node the Sentinels name as primary.</summary>
    public async Task<RedisNode> PrimaryAsync()
    {
        foreach (var sentinel in _sentinels.Where(s => s.IsRunning))
        {
            try
            {
                var port = PortOf(await sentinel.CliAsync("SENTINEL", "get-master-addr-by-name", ServiceName));
                return _nodes.Single(n => n.Port == port);
            }
            catch (IOException)
            {
                // ask the next one
            }
        }
        throw new InvalidOperationException("no Sentinel answered");
    }

    /// <summary>The data node that is not <paramref name="primary"/>.</summary>
    public RedisNode Other(RedisNode primary) => _nodes.Single(n => n != primary);

    /// <summary>
    /// Waits until the Sentinels agree on a running primary whose replica is online and has everything, and each of
    /// them sees the primary and replica up and can reach a quorum for a failover.
    /// </summary>
    public Task WaitHealthyAsync(TimeSpan timeout) => RedisTopology.UntilAsync("Sentinel topology healthy", async () =>
    {
        var ports = new HashSet<int>();
        foreach (var sentinel in _sentinels)
        {
            ports.Add(PortOf(await sentinel.CliAsync("SENTINEL", "get-master-addr-by-name", ServiceName)));
        }
        if (ports.Count != 1)
        {
            return (false, $"Sentinels name different primaries: {string.Join(", ", ports)}");
        }
        var primary = _nodes.Single(n => n.Port == ports.Single());
        if (!primary.IsRunning)
        {
            return (false, $"the named primary {primary.Name} is not running");
        }
        var replication = ReplicationOf(await primary.InfoAsync("replication"));
        if (replication.Role != "master" || replication.Online != 1 || !replication.CaughtUp)
        {
            return (false, $"{primary.Name}: role {replication.Role}, {replication.Online} online replicas, caught up {replication.CaughtUp}");
        }
        foreach (var sentinel in _sentinels)
        {
            var master = RedisCli.Records(await sentinel.CliAsync("SENTINEL", "master", ServiceName))[0];
            var replicas = RedisCli.Records(await sentinel.CliAsync("SENTINEL", "replicas", ServiceName));
            var quorum = await sentinel.CliAsync("SENTINEL", "ckquorum", ServiceName);
            var replicaUp = replicas.Any(r => r.GetValueOrDefault("port") == Other(primary).Port.ToString(CultureInfo.InvariantCulture)
                && r.GetValueOrDefault("flags") == "slave" && r.GetValueOrDefault("master-link-status") == "ok");
            if (master.GetValueOrDefault("flags") != "master" || master.GetValueOrDefault("num-other-sentinels") != "2" || !replicaUp
                || !quorum.StartsWith("OK", StringComparison.Ordinal))
            {
                return (false, $"{sentinel.Name}: master flags {master.GetValueOrDefault("flags")}, other sentinels {master.GetValueOrDefault("num-other-sentinels")}, replica up {replicaUp}, {quorum.Trim()}");
            }
        }
        return (true, "");
    }, timeout);

    /// <summary>Waits until every Sentinel names a primary other than <paramref name="old"/> and that node says it is one.</summary>
    public async Task<RedisNode> WaitForFailoverAsync(RedisNode old, TimeSpan timeout)
    {
        RedisNode? promoted = null;
        await RedisTopology.UntilAsync("Sentinel failover", async () =>
        {
            var ports = new HashSet<int>();
            foreach (var sentinel in _sentinels)
            {
                ports.Add(PortOf(await sentinel.CliAsync("SENTINEL", "get-master-addr-by-name", ServiceName)));
            }
            if (ports.Count != 1 || ports.Single() == old.Port)
            {
                return (false, $"named: {string.Join(", ", ports)}");
            }
            promoted = _nodes.Single(n => n.Port == ports.Single());
            var role = (await promoted.InfoAsync("replication")).GetValueOrDefault("role");
            return (role == "master", $"{promoted.Name} role {role}");
        }, timeout);
        return promoted!;
    }

    /// <summary>Starts a killed node again as a replica of <paramref name="primary"/> (as an operator or a pod's start script would).</summary>
    public void RestartAsReplica(RedisNode node, RedisNode primary) => node.Restart(NodeArgs(node, primary));

    /// <summary>A connection that follows the primary through failovers (admin commands allowed), for reading keys.</summary>
    public async Task<IServer> PrimaryServerAsync()
    {
        var primary = await PrimaryAsync();
        _admin ??= await ConnectionMultiplexer.ConnectAsync(string.Join(',', _nodes.Select(n => n.Address)) + ",allowAdmin=true,abortConnect=false,connectTimeout=1000");
        await _admin.ConfigureAsync();
        return _admin.GetServer(primary.Address);
    }

    public string Diagnostics(int lines = 15) =>
        string.Join("\n", _nodes.Concat(_sentinels).Select(n => $"--- {n.Name} ({n.Address}) ---\n{SafeTail(n, lines)}"));

    public async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        foreach (var node in _sentinels.Concat(_nodes))
        {
            await node.DisposeAsync();
        }
        if (_directory is not null)
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>What a primary's INFO replication says: its role, online replicas, and whether they all confirmed within the last second.</summary>
    public static (string Role, int Online, bool CaughtUp) ReplicationOf(Dictionary<string, string> info)
    {
        var replicas = info.Where(kv => kv.Key.StartsWith("slave", StringComparison.Ordinal) && kv.Value.Contains("ip=", StringComparison.Ordinal))
            .Select(kv => RedisCli.Fields(kv.Value.Replace(',', '\n'), '='))
            .Where(r => r.GetValueOrDefault("state") == "online")
            .ToList();
        return (info.GetValueOrDefault("role") ?? "", replicas.Count, replicas.All(r => r.GetValueOrDefault("lag") is "0" or "1"));
    }

    private static int PortOf(string addressReply)
    {
        var lines = addressReply.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 2 ? int.Parse(lines[1], CultureInfo.InvariantCulture) : throw new InvalidOperationException($"no primary address in '{addressReply.Trim()}'");
    }

    private static string SafeTail(RedisNode node, int lines)
    {
        try
        {
            return node.Process.Tail(lines);
        }
        catch (InvalidOperationException)
        {
            return "(not started)";
        }
    }
}
