using StackExchange.Redis;

[assembly: AssemblyFixture(typeof(SessionCluster.Tests.Infrastructure.RedisServer))]

namespace SessionCluster.Tests.Infrastructure;

/// <summary>
/// One real <c>redis-server</c> for the whole test run, on a free loopback port, with AOF on (as production
/// should run it). Absent redis-server: Redis tests skip with the reason, except under CI=true, where they fail.
/// </summary>
public sealed class RedisServer : IAsyncLifetime, IRedisTopology
{
    private ChildProcess? _process;
    private string? _directory;
    private ConnectionMultiplexer? _connection;

    public int Port { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public string? UnavailableReason { get; private set; }

    /// <summary>Call first in every Redis test.</summary>
    public void Require()
    {
        if (UnavailableReason is null)
        {
            return;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI=true and Redis is required: {UnavailableReason}");
        }
        Assert.Skip(UnavailableReason);
    }

    public IDatabase Database => (_connection ?? throw new InvalidOperationException(UnavailableReason)).GetDatabase();

    public IServer Server => _connection!.GetServer(ConnectionString);

    /// <summary>Where this Redis keeps its append-only file (every write it ever took, uncompressed).</summary>
    public string? DataDirectory => _directory;

    public async ValueTask InitializeAsync()
    {
        var executable = FindOnPath("redis-server");
        if (executable is null)
        {
            UnavailableReason = "redis-server is not installed (apt-get install -y redis-server); the Redis tests need a real one.";
            return;
        }
        _directory = Directory.CreateTempSubdirectory("sessioncluster-redis-").FullName;
        await StartAsync(executable);
    }

    /// <summary>Stops Redis (SIGTERM: AOF flushed) and starts it again on the same port and data directory.</summary>
    public async Task RestartAsync()
    {
        _connection?.Dispose();
        _connection = null;
        await _process!.StopAsync(TimeSpan.FromSeconds(10));
        await StartAsync(FindOnPath("redis-server")!, Port);
    }

    /// <summary>Kills Redis (SIGKILL): an outage. <see cref="StartAgainAsync"/> brings it back with what its AOF holds.</summary>
    public void Kill()
    {
        _process!.Kill();
        _connection?.Dispose(); // after the kill: a multiplexer's dispose can take a while
        _connection = null;
    }

    /// <summary>Starts a killed Redis again on the same port and data directory.</summary>
    public async Task StartAgainAsync()
    {
        await _process!.DisposeAsync();
        await StartAsync(FindOnPath("redis-server")!, Port);
    }

    private async Task StartAsync(string executable, int port = 0)
    {
        Port = port == 0 ? FreePort.Next() : port;
        _process = ChildProcess.Start("redis", executable,
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
             "--appendfsync", "always", "--dir", _directory!, "--daemonize", "no"]);
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                _connection ??= await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},abortConnect=true,connectTimeout=500,allowAdmin=true");
                // Ready means the AOF is loaded: until then Redis answers commands with LOADING.
                await _connection.GetDatabase().KeyExistsAsync("sessioncluster-test:ready");
                return;
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisServerException)
            {
                await Task.Delay(100);
            }
        }
        UnavailableReason = $"redis-server did not start on port {Port}:\n{_process.Tail()}";
    }

    public async ValueTask DisposeAsync()
    {
        _connection?.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/usr/bin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
