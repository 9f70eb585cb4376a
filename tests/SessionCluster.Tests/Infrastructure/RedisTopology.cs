using System.Diagnostics;
using System.Globalization;

namespace SessionCluster.Tests.Infrastructure;

/// <summary>
/// Redis as the silos see it: one connection string (a single server, Sentinels with a service name, or Redis
/// Cluster seed nodes) and, when the binaries are missing, why the tests cannot run.
/// </summary>
public interface IRedisTopology
{
    string ConnectionString { get; }

    string? UnavailableReason { get; }

    /// <summary>Call first in every test: skips with the reason, or under CI=true fails.</summary>
    void Require();
}

/// <summary>Shared by the topologies: the CI=true rule and finding Debian's Redis binaries.</summary>
public static class RedisTopology
{
    public static void Require(string? unavailableReason)
    {
        if (unavailableReason is null)
        {
            return;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI=true and this Redis topology is required: {unavailableReason}");
        }
        Assert.Skip(unavailableReason);
    }

    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/usr/bin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Why a topology needing these binaries cannot start here, or null.</summary>
    public static string? Missing(params string[] binaries)
    {
        var missing = binaries.Where(b => Find(b) is null).ToList();
        return missing.Count == 0 ? null
            : $"{string.Join(", ", missing)} not installed (apt-get install -y redis-server redis-sentinel redis-tools); these tests need the real ones.";
    }

    /// <summary>Polls (every 100 ms) until <paramref name="condition"/> holds; fails with <paramref name="what"/> and the last state seen.</summary>
    public static async Task UntilAsync(string what, Func<Task<(bool Done, string State)>> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var state = "";
        while (deadline.Elapsed < timeout)
        {
            try
            {
                bool done;
                (done, state) = await condition();
                if (done)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or TimeoutException)
            {
                state = ex.Message;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0} s; last seen: {state}");
    }
}

/// <summary>One redis-server (or redis-sentinel) process on a loopback port, with its own directory; started and killed by pid.</summary>
public sealed class RedisNode(string name, string executable, int port, string directory) : IAsyncDisposable
{
    private ChildProcess? _process;
    private IReadOnlyList<string> _args = [];

    public string Name { get; } = name;

    public int Port { get; } = port;

    public string Directory { get; } = directory;

    public string Address => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    public ChildProcess Process => _process ?? throw new InvalidOperationException($"{Name} was never started");

    /// <summary>Starts the process with these arguments (kept, so <see cref="Restart"/> can start it the same way).</summary>
    public void Start(IReadOnlyList<string> args)
    {
        _args = args;
        System.IO.Directory.CreateDirectory(Directory);
        _process = ChildProcess.Start(Name, executable, args, workingDirectory: Directory);
    }

    /// <summary>Starts it again as it was started last (same port, same data directory), optionally with other arguments.</summary>
    public void Restart(IReadOnlyList<string>? args = null)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is still running");
        }
        Start(args ?? _args);
    }

    /// <summary>kill -9: no AOF flush, no goodbye to replicas or peers.</summary>
    public void Kill() => _process?.Kill();

    public Task<string> CliAsync(params string[] args) => RedisCli.RunAsync(Port, args);

    /// <summary><c>INFO section</c> as name → value.</summary>
    public async Task<Dictionary<string, string>> InfoAsync(string section) => RedisCli.Fields(await CliAsync("INFO", section), ':');

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}

/// <summary>Debian's redis-cli, run once per call (bounded), for the admin commands the fixtures send.</summary>
public static class RedisCli
{
    public static async Task<string> RunAsync(int port, params string[] args)
    {
        var info = new ProcessStartInfo(RedisTopology.Find("redis-cli") ?? throw new InvalidOperationException("redis-cli is not installed"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"redis-cli -p {port} {string.Join(' ', args)} did not finish");
        }
        var text = await output;
        if (process.ExitCode != 0 || text.StartsWith("Could not connect", StringComparison.Ordinal))
        {
            throw new IOException($"redis-cli -p {port} {string.Join(' ', args)}: exit {process.ExitCode} {text} {await error}".Trim());
        }
        return text;
    }

    /// <summary>"name{separator}value" lines (INFO) as a dictionary.</summary>
    public static Dictionary<string, string> Fields(string text, char separator)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = line.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0 && !line.StartsWith('#'))
            {
                fields[line[..at]] = line[(at + 1)..];
            }
        }
        return fields;
    }

    /// <summary>A reply printed as alternating name and value lines (SENTINEL MASTER, SENTINEL REPLICAS) as records.</summary>
    public static List<Dictionary<string, string>> Records(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var records = new List<Dictionary<string, string>>();
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            if (lines[i] == "name" || records.Count == 0)
            {
                records.Add(new Dictionary<string, string>(StringComparer.Ordinal));
            }
            records[^1][lines[i]] = lines[i + 1];
        }
        return records;
    }
}
