using System.Globalization;
using System.Net.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace SessionCluster.Tests.Infrastructure;

/// <summary>What the TLS fixtures share: the processes' environment, waiting for readiness, clients that trust a test CA.</summary>
public static class TlsProcesses
{
    /// <summary>Redis, ids and tenants for silo and API processes of one small cluster.</summary>
    public static Dictionary<string, string?> Environment(string redis, string serviceId)
    {
        var env = TestTenants.Configuration(redis).ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
        env["Orleans__ServiceId"] = serviceId;
        env["Orleans__ClusterId"] = "sessioncluster";
        env["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1";
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        env["Logging__LogLevel__SessionCluster"] = "Information";
        return env;
    }

    /// <summary>Cluster TLS settings for one member, with its own certificate of <paramref name="ca"/>.</summary>
    public static void AddClusterTls(Dictionary<string, string?> env, TestCertificates ca, string member)
    {
        var (certificate, key) = ca.Issue(member);
        env["SessionCluster__Tls__Enabled"] = "true";
        env["SessionCluster__Tls__CertificatePath"] = certificate;
        env["SessionCluster__Tls__KeyPath"] = key;
        env["SessionCluster__Tls__CaPath"] = ca.CaPath;
    }

    /// <summary>An HTTP client that trusts only <paramref name="ca"/> (for an API node serving HTTPS with a test certificate).</summary>
    public static HttpClient HttpClient(Uri address, TestCertificates? ca = null, string? apiKey = null)
    {
        var handler = new SocketsHttpHandler();
        if (ca is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, errors) => (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == 0 && ca.Trusts(certificate) };
        }
        var http = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
        return http;
    }

    public static async Task WaitReadyAsync(Func<HttpClient> client, ChildProcess process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using (var http = client())
            {
                http.Timeout = TimeSpan.FromSeconds(5);
                try
                {
                    if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                }
            }
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited during start:\n{process.Tail()}");
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{process.Name} was not ready within {timeout}:\n{process.Tail()}");
    }

    /// <summary>
    /// Starts an Orleans client of the cluster (as a .NET service would) with the given SessionCluster settings
    /// (e.g. SessionCluster:Tls:*); it gives up at the first failed connection unless <paramref name="retry"/>.
    /// </summary>
    /// <param name="tls">how the client does TLS; by default the product's own wiring (SessionCluster:Tls:* in <paramref name="settings"/>).</param>
    public static async Task<IHost> StartClientAsync(string redis, string serviceId, Dictionary<string, string?> settings, bool retry = true, Action<IClientBuilder>? tls = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:ServiceId"] = serviceId,
            ["Orleans:ClusterId"] = "sessioncluster",
        }.Concat(settings));
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        builder.UseOrleansClient(c =>
        {
            c.UseRedisClustering(o => o.ConfigurationOptions = ClusterTlsExtensions.ParseRedis(redis, builder.Configuration));
            (tls ?? (client => client.UseSessionClusterTls()))(c);
            c.UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                await Task.Delay(500, cancellationToken);
                return retry && DateTime.UtcNow < giveUpAt;
            });
        });
        builder.Services.Configure<Orleans.Configuration.ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        var host = builder.Build();
        try
        {
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(70));
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public static async Task StopAsync(IHost? host)
    {
        if (host is null)
        {
            return;
        }
        try
        {
            await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
        }
        host.Dispose();
    }

    public static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Two silos and an API node whose Orleans connections all run TLS with mutual authentication (each process with
/// its own certificate of one test CA), on the run's shared Redis under a service id of their own; the API serves
/// HTTPS with Kestrel's certificate settings; an Orleans client holding a member certificate, as a .NET service would.
/// </summary>
public sealed class ClusterTlsFixture(RedisServer redis) : IAsyncLifetime
{
    private readonly List<ChildProcess> _processes = [];
    private IHost? _client;

    public TestCertificates Ca { get; } = new("cluster CA");

    public string ServiceId { get; } = "tls-" + Guid.NewGuid().ToString("N")[..8];

    public RedisServer Redis => redis;

    public IReadOnlyList<ChildProcess> Silos => [.. _processes.Where(p => p.Name.StartsWith("tls-silo", StringComparison.Ordinal))];

    public ChildProcess Api => _processes.Single(p => p.Name == "tls-api");

    public Uri ApiAddress { get; private set; } = null!;

    /// <summary>What each process wrote until it was ready (kept, as a process keeps only its last lines).</summary>
    public Dictionary<ChildProcess, string> StartupOutput { get; } = [];

    /// <summary>The gateway port of each silo.</summary>
    public List<int> GatewayPorts { get; } = [];

    public IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    public Dictionary<string, string?> MemberSettings(string member)
    {
        var env = new Dictionary<string, string?>();
        TlsProcesses.AddClusterTls(env, Ca, member);
        return env.ToDictionary(kv => kv.Key.Replace("__", ":", StringComparison.Ordinal), kv => kv.Value);
    }

    public async ValueTask InitializeAsync()
    {
        if (redis.UnavailableReason is not null)
        {
            return;
        }
        var silos = new List<(ChildProcess Process, Uri Http)>();
        for (var i = 1; i <= 2; i++)
        {
            var env = TlsProcesses.Environment(redis.ConnectionString, ServiceId);
            TlsProcesses.AddClusterTls(env, Ca, $"silo-{i}");
            var gateway = FreePort.Next();
            GatewayPorts.Add(gateway);
            var http = new Uri($"http://127.0.0.1:{FreePort.Next()}");
            env["Orleans__Endpoints__SiloPort"] = TlsProcesses.Port(FreePort.Next());
            env["Orleans__Endpoints__GatewayPort"] = TlsProcesses.Port(gateway);
            env["ASPNETCORE_URLS"] = http.ToString();
            var silo = ChildProcess.StartDotnet($"tls-silo-{i}", BuiltApps.Silo, [], env);
            _processes.Add(silo);
            silos.Add((silo, http));
        }
        foreach (var (silo, http) in silos)
        {
            await TlsProcesses.WaitReadyAsync(() => TlsProcesses.HttpClient(http), silo, TimeSpan.FromSeconds(90));
            StartupOutput[silo] = silo.Tail(400);
        }

        var apiEnv = TlsProcesses.Environment(redis.ConnectionString, ServiceId);
        TlsProcesses.AddClusterTls(apiEnv, Ca, "api");
        // HTTPS for the API, as the README documents it: Kestrel's default certificate from PEM files.
        var (https, httpsKey) = Ca.Issue("api-https", [TestCertificates.ServerAuth]);
        apiEnv["Kestrel__Certificates__Default__Path"] = https;
        apiEnv["Kestrel__Certificates__Default__KeyPath"] = httpsKey;
        ApiAddress = new Uri($"https://127.0.0.1:{FreePort.Next()}");
        var api = ChildProcess.StartDotnet("tls-api", BuiltApps.Api, ["--urls", ApiAddress.ToString()], apiEnv);
        _processes.Add(api);
        await TlsProcesses.WaitReadyAsync(() => TlsProcesses.HttpClient(ApiAddress, Ca), api, TimeSpan.FromSeconds(60));
        StartupOutput[api] = api.Tail(400);

        _client = await TlsProcesses.StartClientAsync(redis.ConnectionString, ServiceId, MemberSettings("service"));
    }

    public HttpClient ApiClient() => TlsProcesses.HttpClient(ApiAddress, Ca, TestTenants.AcmeKey);

    public string Diagnostics() => string.Join("\n\n", _processes.Select(p => $"--- {p.Name} (pid {p.Pid}) ---\n{p.Tail(30)}"));

    public async ValueTask DisposeAsync()
    {
        await TlsProcesses.StopAsync(_client);
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        Ca.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterTlsCollection : ICollectionFixture<ClusterTlsFixture>
{
    public const string Name = "cluster tls";
}

/// <summary>
/// Debian's <c>redis-server</c> listening only on a TLS port (<c>--port 0 --tls-port</c>) with a certificate of a
/// test CA and client certificates required (<c>--tls-auth-clients yes</c>), and a silo and an API node using it
/// through <c>ssl=true</c> in the connection string plus SessionCluster:Tls:Redis* (the CA and a client certificate).
/// </summary>
public sealed class RedisTlsFixture(RedisServer plainRedis) : IAsyncLifetime
{
    public const string RedisHost = "redis.sessioncluster.test";

    private readonly List<ChildProcess> _processes = [];
    private string? _directory;
    private string? _failure;

    public TestCertificates Ca { get; } = new("redis CA");

    public string ServiceId { get; } = "redistls-" + Guid.NewGuid().ToString("N")[..8];

    public int Port { get; private set; }

    /// <summary>What the silo and API are given: TLS on, and the name Redis' certificate carries.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},ssl=true,sslHost={RedisHost}";

    public string ClientCertificatePath { get; private set; } = "";

    public string ClientKeyPath { get; private set; } = "";

    public Uri ApiAddress { get; private set; } = null!;

    public IReadOnlyList<ChildProcess> Processes => _processes;

    /// <summary>Skips (or under CI fails) without redis-server; fails when this TLS setup did not come up.</summary>
    public void Require()
    {
        plainRedis.Require();
        if (_failure is not null)
        {
            Assert.Fail(_failure);
        }
    }

    /// <summary>A configuration for a test's own connection: TLS with the CA trusted and the client certificate, unless told otherwise.</summary>
    public StackExchange.Redis.ConfigurationOptions Configuration(bool tls = true, bool trustCa = true, bool clientCertificate = true)
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse($"127.0.0.1:{Port},abortConnect=true,connectTimeout=2000,connectRetry=0,allowAdmin=true");
        if (tls)
        {
            options.Ssl = true;
            options.SslHost = RedisHost;
            if (trustCa)
            {
                options.TrustIssuer(Ca.CaPath);
            }
            if (clientCertificate)
            {
                options.SetUserPemCertificate(ClientCertificatePath, ClientKeyPath);
            }
        }
        return options;
    }

    public async ValueTask InitializeAsync()
    {
        if (plainRedis.UnavailableReason is not null)
        {
            return;
        }
        try
        {
            await StartRedisAsync();
            await StartClusterAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or StackExchange.Redis.RedisConnectionException)
        {
            _failure = $"the TLS Redis setup did not come up: {ex.Message}\n{string.Join("\n", _processes.Select(p => $"--- {p.Name} ---\n{p.Tail(30)}"))}";
        }
    }

    private async Task StartRedisAsync()
    {
        _directory = Directory.CreateTempSubdirectory("sessioncluster-redis-tls-").FullName;
        var (certificate, key) = Ca.Issue("redis", [TestCertificates.ServerAuth], dnsNames: [RedisHost]);
        (ClientCertificatePath, ClientKeyPath) = Ca.Issue("redis-client", [TestCertificates.ClientAuth]);
        Port = FreePort.Next();
        var redis = ChildProcess.Start("redis-tls", "redis-server",
            ["--port", "0", "--tls-port", TlsProcesses.Port(Port), "--bind", "127.0.0.1",
             "--tls-cert-file", certificate, "--tls-key-file", key, "--tls-ca-cert-file", Ca.CaPath, "--tls-auth-clients", "yes",
             "--save", "", "--appendonly", "no", "--dir", _directory, "--daemonize", "no"]);
        _processes.Add(redis);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Configuration());
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (StackExchange.Redis.RedisConnectionException) when (attempt < 50 && !redis.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    private async Task StartClusterAsync()
    {
        Dictionary<string, string?> Environment()
        {
            var env = TlsProcesses.Environment(ConnectionString, ServiceId);
            env["SessionCluster__Tls__RedisCaPath"] = Ca.CaPath;
            env["SessionCluster__Tls__RedisCertificatePath"] = ClientCertificatePath;
            env["SessionCluster__Tls__RedisKeyPath"] = ClientKeyPath;
            return env;
        }
        var siloEnv = Environment();
        var siloHttp = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        siloEnv["Orleans__Endpoints__SiloPort"] = TlsProcesses.Port(FreePort.Next());
        siloEnv["Orleans__Endpoints__GatewayPort"] = TlsProcesses.Port(FreePort.Next());
        siloEnv["ASPNETCORE_URLS"] = siloHttp.ToString();
        var silo = ChildProcess.StartDotnet("redis-tls-silo", BuiltApps.Silo, [], siloEnv);
        _processes.Add(silo);
        await TlsProcesses.WaitReadyAsync(() => TlsProcesses.HttpClient(siloHttp), silo, TimeSpan.FromSeconds(90));

        ApiAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var api = ChildProcess.StartDotnet("redis-tls-api", BuiltApps.Api, ["--urls", ApiAddress.ToString()], Environment());
        _processes.Add(api);
        await TlsProcesses.WaitReadyAsync(() => TlsProcesses.HttpClient(ApiAddress), api, TimeSpan.FromSeconds(60));
    }

    public HttpClient ApiClient() => TlsProcesses.HttpClient(ApiAddress, apiKey: TestTenants.AcmeKey);

    public async ValueTask DisposeAsync()
    {
        // The apps first, so they do not log a Redis outage on the way out.
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
        Ca.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class RedisTlsCollection : ICollectionFixture<RedisTlsFixture>
{
    public const string Name = "redis tls";
}
