using System.Diagnostics;
using System.Text.Json;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Js;

/// <summary>
/// node and npm for the JavaScript packages under clients/. Missing node, npm or a package's node_modules (npm ci not
/// run): the test skips with the reason, except under CI=true, where it fails (.ci/run installs them).
/// </summary>
internal static class NodeTools
{
    public static string ClientsDirectory => Path.Combine(BuiltApps.RepositoryRoot, "clients");

    /// <summary>Every clients/* package whose package.json has a "test" script, by folder name.</summary>
    public static IEnumerable<string> PackagesWithTests() =>
        Directory.Exists(ClientsDirectory)
            ? Directory.GetDirectories(ClientsDirectory)
                .Where(dir => File.Exists(Path.Combine(dir, "package.json")) && HasTestScript(Path.Combine(dir, "package.json")))
                .Select(Path.GetFileName)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
            : [];

    public static void Require(string packageDirectory)
    {
        string? reason = null;
        if (Find("node") is null || Find("npm") is null)
        {
            reason = "node and npm are not installed (apt-get install -y nodejs npm, or node 20 from the distribution); the JavaScript packages need them.";
        }
        else if (!Directory.Exists(Path.Combine(packageDirectory, "node_modules")))
        {
            reason = $"{Path.GetFileName(packageDirectory)}/node_modules is missing: run 'npm ci' in {packageDirectory}.";
        }
        if (reason is null)
        {
            return;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI=true and the JavaScript package is required: {reason}");
        }
        Assert.Skip(reason);
    }

    /// <summary>Runs a command to completion (bounded), returning its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> args, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(Find(fileName) ?? fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["NO_COLOR"] = "1";
        info.Environment["npm_config_update_notifier"] = "false";
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, string.Join('\n', output) + $"\n(killed after {timeout})");
        }
        process.WaitForExit(); // drains the redirected streams
        return (process.ExitCode, string.Join('\n', output));
    }

    private static bool HasTestScript(string packageJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(packageJson));
        return doc.RootElement.TryGetProperty("scripts", out var scripts) && scripts.TryGetProperty("test", out var test) && test.GetString() is { Length: > 0 };
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/local/bin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
