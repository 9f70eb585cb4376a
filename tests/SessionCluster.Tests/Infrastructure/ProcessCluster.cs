using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace SessionCluster.Tests.Infrastructure;

/// <summary>
/// A real cluster: silo processes and an API process (cluster mode) joined through the shared real Redis (or any
/// <see cref="IRedisTopology"/>: see <see cref="Over"/>), under a service id of their own. Every process is started
/// here and stopped here, by pid.
/// </summary>
public sealed class ProcessCluster : IAsyncLifetime
{
    private readonly IRedisTopology _topology;

    public ProcessCluster(RedisServer redis) : this((IRedisTopology)redis)
    {
    }

    private ProcessCluster(IRedisTopology topology) => _topology = topology;

    /// <summary>A cluster over another Redis topology (Sentinel, Redis Cluster); start it with <see cref="InitializeAsync"/> or <see cref="StartAsync"/>.</summary>
    public static ProcessCluster Over(IRedisTopology topology) => new(topology);

    private readonly List<ChildProcess> _silos = [];
    private readonly Dictionary<int, ChildProcess> _siloByPort = [];
    private readonly List<(ChildProcess Process, Uri Address)> _apis = [];
    private ChildProcess FirstApi => _apis[0].Process;
    private IHost? _clientHost;

    public string ServiceId { get; } = "test-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The silos' dashboard admin key (the silo refuses one under 32 characters).</summary>
    public const string DashboardKey = "test-dashboard-key-of-32-characters";

    /// <summary>How often users are swept in this cluster (production default: 5 minutes).</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(2);

    /// <summary>The single Redis server this cluster runs on (the shared one of the test run).</summary>
    public RedisServer Redis => _topology as RedisServer ?? throw new InvalidOperationException("this cluster runs on another Redis topology: see Topology");

    /// <summary>The Redis the silos, the API and the client are configured with.</summary>
    public IRedisTopology Topology => _topology;

    public IReadOnlyList<ChildProcess> Silos => _silos;

    public Uri ApiAddress => _apis[0].Address;

    /// <summary>Every API node process with its address.</summary>
    public IReadOnlyList<(ChildProcess Process, Uri Address)> ApiNodes => _apis;

    /// <summary>The address of every API node still running.</summary>
    public IReadOnlyList<Uri> ApiAddresses => [.. _apis.Where(a => !a.Process.HasExited).Select(a => a.Address)];

    /// <summary>An Orleans client of the cluster, as a .NET service would hold one.</summary>
    public IClusterClient Client => _clientHost!.Services.GetRequiredService<IClusterClient>();

    public ValueTask InitializeAsync() => new(StartAsync(silos: 2, api: true));

    /// <summary>Starts silos, then the Orleans client, then (optionally) one API node.</summary>
    public async Task StartAsync(int silos, bool api)
    {
        if (_topology.UnavailableReason is not null)
        {
            return; // each test reports the skip (or, under CI, the failure)
        }
        await StartSilosAsync(silos);
        await StartClientAsync();
        if (api)
        {
            await StartApiAsync();
        }
    }

    /// <summary>Environment shared by every process of this cluster: Redis, ids, tenants.</summary>
    public Dictionary<string, string?> Environment()
    {
        var env = TestTenants.Configuration(_topology.ConnectionString)
            .ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
        env["Orleans__ServiceId"] = ServiceId;
        env["Orleans__ClusterId"] = "sessioncluster";
        env["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1";
        env["SessionCluster__Cleanup__SweepInterval"] = SweepInterval.ToString();
        env["SessionCluster__EventStream__RenewInterval"] = "00:00:02";
        // The failover test is one heavy client (thousands of calls a minute from one address): lift the abuse limits.
        env["SessionCluster__RateLimits__CreatesPerMinute"] = "1000000";
        env["SessionCluster__RateLimits__RefreshesPerMinute"] = "1000000";
        env["SessionCluster__RateLimits__FailedValidationsPerMinute"] = "1000000";
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        env["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information";
        return env;
    }

    /// <summary>The HTTP address (probes) of each silo process.</summary>
    public IReadOnlyDictionary<ChildProcess, Uri> SiloHttp => _siloHttp;

    private readonly Dictionary<ChildProcess, Uri> _siloHttp = [];

    /// <summary>Settings for silos started from now on, over <see cref="Environment"/>; a null value removes a setting.</summary>
    public Dictionary<string, string?> SiloSettings { get; } = [];

    public async Task StartSilosAsync(int count)
    {
        var starting = new List<ChildProcess>();
        for (var i = 0; i < count; i++)
        {
            var env = Environment();
            foreach (var (name, value) in SiloSettings)
            {
                if (value is null)
                {
                    env.Remove(name);
                }
                else
                {
                    env[name] = value;
                }
            }
            var siloPort = FreePort.Next();
            var http = new Uri($"http://127.0.0.1:{FreePort.Next()}");
            env["Orleans__Endpoints__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
            env["Orleans__Endpoints__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
            env["ASPNETCORE_URLS"] = http.ToString();
            env["SessionCluster__Dashboard__AdminKey"] = DashboardKey;
            var silo = ChildProcess.StartDotnet($"silo-{_silos.Count + 1}", BuiltApps.Silo, [], env);
            _silos.Add(silo);
            _siloByPort[siloPort] = silo;
            _siloHttp[silo] = http;
            starting.Add(silo);
        }
        foreach (var silo in starting)
        {
            // Ready means joined: the silo's own readiness probe says so.
            await WaitUntilAsync(() => IsReadyAsync(_siloHttp[silo]), TimeSpan.FromSeconds(90), silo);
        }
    }

    public static async Task<bool> IsReadyAsync(Uri node, string path = "/readyz")
    {
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return (await http.GetAsync(path)).IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public async Task StartClientAsync()
    {
        if (_clientHost is not null)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _clientHost.StopAsync(stopping.Token);
            _clientHost.Dispose();
        }
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:ServiceId"] = ServiceId,
            ["Orleans:ClusterId"] = "sessioncluster",
        });
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        builder.UseOrleansClient(c =>
        {
            c.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(_topology.ConnectionString));
            // After a crash the membership table still lists the dead silos until they are evicted: keep trying, bounded.
            c.UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                await Task.Delay(500, cancellationToken);
                return DateTime.UtcNow < giveUpAt;
            });
        });
        builder.Services.Configure<Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        builder.Services.Configure<Orleans.Configuration.GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        _clientHost = builder.Build();
        await _clientHost.StartAsync().WaitAsync(TimeSpan.FromSeconds(100));
    }

    /// <summary>Starts one more API node (cluster mode) and waits until it is ready.</summary>
    public async Task StartApiAsync()
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var api = ChildProcess.StartDotnet($"api-{_apis.Count + 1}", BuiltApps.Api, ["--urls", address.ToString()], Environment());
        _apis.Add((api, address));
        await WaitUntilAsync(() => IsReadyAsync(address), TimeSpan.FromSeconds(60), api);
    }

    /// <summary>The silo process hosting a grain's activation (activating it if need be).</summary>
    public async Task<ChildProcess> HostOfAsync(IAddressable grain)
    {
        var address = await Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain)
            ?? throw new InvalidOperationException("the grain has no activation");
        return _siloByPort[address.Endpoint.Port];
    }

    /// <summary>Kills every silo (kill -9): a crash of the whole cluster.</summary>
    public void KillSilos()
    {
        foreach (var silo in _silos.Where(s => !s.HasExited))
        {
            silo.Kill();
        }
    }

    /// <summary>Waits (bounded) until the API node answers ready again, e.g. after a test restarted the silos.</summary>
    public async Task ApiReadyAsync() => await WaitUntilAsync(() => IsReadyAsync(ApiAddress), TimeSpan.FromSeconds(60), FirstApi);

    public HttpClient ApiClient(string apiKey = TestTenants.AcmeKey, Uri? node = null)
    {
        var http = new HttpClient { BaseAddress = node ?? ApiAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return http;
    }

    /// <summary>Gracefully stops every silo (SIGTERM), as a rolling shutdown or a cluster restart would.</summary>
    public async Task StopSilosAsync()
    {
        await Task.WhenAll(_silos.Where(s => !s.HasExited).Select(s => s.StopAsync(TimeSpan.FromSeconds(30))));
    }

    public string Diagnostics(int lines = 25) => string.Join("\n\n", _silos.Concat(_apis.Select(a => a.Process)).Select(p => $"--- {p.Name} (pid {p.Pid}) ---\n{p.Tail(lines)}"));

    public async ValueTask DisposeAsync()
    {
        if (_clientHost is not null)
        {
            try
            {
                await _clientHost.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
            }
            _clientHost.Dispose();
        }
        foreach (var process in _silos.Concat(_apis.Select(a => a.Process)))
        {
            await process.DisposeAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, ChildProcess process)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited during start:\n{process.Tail()}");
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{process.Name} was not ready within {timeout}:\n{process.Tail()}");
    }
}

[CollectionDefinition(Name)]
public sealed class ProcessClusterCollection : ICollectionFixture<ProcessCluster>
{
    public const string Name = "process cluster";
}
