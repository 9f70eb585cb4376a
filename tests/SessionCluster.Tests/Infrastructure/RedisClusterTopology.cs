using System.Globalization;
using StackExchange.Redis;

namespace SessionCluster.Tests.Infrastructure;

/// <summary>
/// A Redis Cluster on loopback: three primaries and three replicas (<c>redis-cli --cluster create ...
/// --cluster-replicas 1</c>), AOF on, each node with its own data port, bus port and temp directory; started and
/// stopped here by pid. A node is failed after 1.5 s without answers and its replica takes over; the other shards
/// keep serving meanwhile (<c>cluster-require-full-coverage no</c>). Ready only once every node reports the cluster
/// ok and every primary has its replica online.
/// </summary>
public sealed class RedisClusterTopology : IRedisTopology, IAsyncLifetime
{
    private const int NodeTimeoutMilliseconds = 1500;

    private readonly List<RedisNode> _nodes = [];
    private readonly Dictionary<RedisNode, int> _busPorts = [];
    private string? _directory;
    private ConnectionMultiplexer? _admin;

    public string? UnavailableReason { get; private set; }

    /// <summary>Seed nodes, as an app would configure them (StackExchange.Redis discovers the rest).</summary>
    public string ConnectionString => string.Join(',', _nodes.Take(3).Select(n => n.Address));

    public IReadOnlyList<RedisNode> Nodes => _nodes;

    public void Require() => RedisTopology.Require(UnavailableReason);

    public async ValueTask InitializeAsync()
    {
        UnavailableReason = RedisTopology.Missing("redis-server", "redis-cli");
        if (UnavailableReason is not null)
        {
            return;
        }
        _directory = System.IO.Directory.CreateTempSubdirectory("sessioncluster-rediscluster-").FullName;
        var server = RedisTopology.Find("redis-server")!;
        for (var i = 0; i < 6; i++)
        {
            var node = new RedisNode($"cluster-{i + 1}", server, FreePort.Next(), Path.Combine(_directory, $"node-{i}"));
            _busPorts[node] = FreePort.Next();
            node.Start(NodeArgs(node));
            _nodes.Add(node);
        }
        try
        {
            await RedisTopology.UntilAsync("cluster nodes up", async () =>
            {
                foreach (var node in _nodes)
                {
                    await node.CliAsync("PING");
                }
                return (true, "");
            }, TimeSpan.FromSeconds(20));
            await _nodes[0].CliAsync([.. new[] { "--cluster", "create" }.Concat(_nodes.Select(n => n.Address)), "--cluster-replicas", "1", "--cluster-yes"]);
            await WaitHealthyAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception ex) when (ex is TimeoutException or IOException)
        {
            UnavailableReason = $"the Redis Cluster did not become healthy: {ex.Message}\n{Diagnostics()}";
        }
    }

    private IReadOnlyList<string> NodeArgs(RedisNode node) =>
    [
        "--port", node.Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--daemonize", "no",
        "--cluster-enabled", "yes", "--cluster-port", _busPorts[node].ToString(CultureInfo.InvariantCulture),
        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", NodeTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture),
        // The shards whose primary is alive keep serving while one fails over.
        "--cluster-require-full-coverage", "no",
        "--dir", node.Directory, "--save", "", "--appendonly", "yes", "--appendfsync", "everysec",
        "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0",
    ];

    /// <summary>Each node's own view (CLUSTER NODES from one running node): address → (role, primary's address or null).</summary>
    public async Task<Dictionary<int, (bool Primary, bool Failed, int? PrimaryPort, string Slots)>> LayoutAsync()
    {
        var from = _nodes.First(n => n.IsRunning);
        var lines = (await from.CliAsync("CLUSTER", "NODES")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var parsed = new List<string[]>();
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            var port = int.Parse(parts[1].Split('@')[0].Split(':')[1], CultureInfo.InvariantCulture);
            ids[parts[0]] = port;
            parsed.Add(parts);
        }
        var layout = new Dictionary<int, (bool, bool, int?, string)>();
        foreach (var parts in parsed)
        {
            var flags = parts[2].Split(',');
            var primary = flags.Contains("master");
            var failed = flags.Contains("fail") || flags.Contains("fail?");
            int? primaryPort = parts[3] != "-" && ids.TryGetValue(parts[3], out var p) ? p : null;
            layout[ids[parts[0]]] = (primary, failed, primaryPort, string.Join(' ', parts.Skip(8)));
        }
        return layout;
    }

    /// <summary>The nodes that are primaries with slots, as the cluster sees them now.</summary>
    public async Task<List<RedisNode>> PrimariesAsync()
    {
        var layout = await LayoutAsync();
        return [.. _nodes.Where(n => layout.TryGetValue(n.Port, out var l) && l.Primary && !l.Failed && l.Slots.Length > 0)];
    }

    /// <summary>Every running node says cluster_state:ok and knows all six; three primaries each with one online replica.</summary>
    public Task WaitHealthyAsync(TimeSpan timeout) => RedisTopology.UntilAsync("Redis Cluster healthy", async () =>
    {
        foreach (var node in _nodes)
        {
            if (!node.IsRunning)
            {
                return (false, $"{node.Name} is not running");
            }
            var info = RedisCli.Fields(await node.CliAsync("CLUSTER", "INFO"), ':');
            if (info.GetValueOrDefault("cluster_state") != "ok" || info.GetValueOrDefault("cluster_known_nodes") != "6")
            {
                return (false, $"{node.Name}: state {info.GetValueOrDefault("cluster_state")}, known {info.GetValueOrDefault("cluster_known_nodes")}");
            }
        }
        var layout = await LayoutAsync();
        if (layout.Values.Any(l => l.Failed))
        {
            return (false, "a node is still flagged failed");
        }
        var primaries = await PrimariesAsync();
        if (primaries.Count != 3)
        {
            return (false, $"{primaries.Count} primaries with slots");
        }
        foreach (var primary in primaries)
        {
            var replication = SentinelTopology.ReplicationOf(await primary.InfoAsync("replication"));
            if (replication.Online != 1 || !replication.CaughtUp)
            {
                return (false, $"{primary.Name}: {replication.Online} online replicas, caught up {replication.CaughtUp}");
            }
        }
        return (true, "");
    }, timeout);

    /// <summary>Waits until the cluster (seen from a running node) has a primary other than <paramref name="killed"/> for its slots.</summary>
    public async Task<RedisNode> WaitForFailoverAsync(RedisNode killed, string slots, TimeSpan timeout)
    {
        RedisNode? promoted = null;
        await RedisTopology.UntilAsync("Redis Cluster failover", async () =>
        {
            var layout = await LayoutAsync();
            var owner = layout.Where(l => l.Value.Primary && !l.Value.Failed && l.Value.Slots == slots && l.Key != killed.Port).Select(l => l.Key).ToList();
            if (owner.Count != 1)
            {
                return (false, $"no new owner of {slots} yet");
            }
            promoted = _nodes.Single(n => n.Port == owner[0]);
            var info = RedisCli.Fields(await promoted.CliAsync("CLUSTER", "INFO"), ':');
            return (info.GetValueOrDefault("cluster_state") == "ok", $"{promoted.Name} state {info.GetValueOrDefault("cluster_state")}");
        }, timeout);
        return promoted!;
    }

    /// <summary>Starts a killed node again with its data directory and nodes.conf: it rejoins as a replica of whoever took over.</summary>
    public void Restart(RedisNode node) => node.Restart(NodeArgs(node));

    /// <summary>Every primary's server (admin), for reading keys across the shards.</summary>
    public async Task<List<IServer>> PrimaryServersAsync()
    {
        _admin ??= await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",allowAdmin=true,abortConnect=false,connectTimeout=1000");
        await _admin.ConfigureAsync();
        var primaries = await PrimariesAsync();
        return [.. primaries.Select(p => _admin.GetServer(p.Address))];
    }

    public string Diagnostics(int lines = 10) =>
        string.Join("\n", _nodes.Select(n => $"--- {n.Name} ({n.Address}) ---\n{(n.IsRunning ? n.Process.Tail(lines) : "(not running)")}"));

    public async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        if (_directory is not null)
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }
}
