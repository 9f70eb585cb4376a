using System.Net;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Redis;

/// <summary>
/// The silo host as a real process (in memory, no Redis needed): operations endpoints that can be turned off, and
/// transport and dashboard settings that stop the start, naming the key, when they would leave it weaker than asked.
/// </summary>
public sealed class SiloHostProcessTests(ITestOutputHelper output)
{
    private static Dictionary<string, string?> SiloEnvironment(Uri http, Dictionary<string, string?> settings)
    {
        var env = new Dictionary<string, string?>
        {
            ["Orleans__Endpoints__SiloPort"] = TlsProcesses.Port(FreePort.Next()),
            ["Orleans__Endpoints__GatewayPort"] = TlsProcesses.Port(FreePort.Next()),
            ["ASPNETCORE_URLS"] = http.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            env[key] = value;
        }
        return env;
    }

    [Fact]
    public async Task MetricsCanBeTurnedOffOnASilo()
    {
        var http = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        await using var silo = ChildProcess.StartDotnet("silo-no-metrics", BuiltApps.Silo, [], SiloEnvironment(http, new() { ["SessionCluster__Endpoints__Metrics"] = "false" }));
        await TlsProcesses.WaitReadyAsync(() => TlsProcesses.HttpClient(http), silo, TimeSpan.FromSeconds(60));
        using var client = TlsProcesses.HttpClient(http);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Theory]
    [InlineData("SessionCluster__Dashboard__AdminKey", "too-short-a-key", "SessionCluster:Dashboard:AdminKey must be at least 32 characters")]
    [InlineData("SessionCluster__Tls__Enabled", "true", "SessionCluster:Tls:CertificatePath must name")]
    [InlineData("SessionCluster__Tls__CertificatePath", "/run/secrets/member.crt", "SessionCluster:Tls:CertificatePath is set but SessionCluster:Tls:Enabled is not true")]
    public async Task ASiloRefusesToStartWithAWeakOrHalfDoneSettingAndNamesIt(string variable, string value, string message)
    {
        var http = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        await using var silo = ChildProcess.StartDotnet("silo-bad-setting", BuiltApps.Silo, [], SiloEnvironment(http, new() { [variable] = value }));

        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine(silo.Tail(15));
        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, silo.Tail(200), StringComparison.Ordinal);
    }
}
