using System.Globalization;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Apps;

/// <summary>
/// A real API process in embedded mode on a free loopback port, with the test tenants, shared by the app-package
/// tests (the ASP.NET Core package's typed client and handler, clients/express, the samples).
/// </summary>
public sealed class ApiProcessFixture : IAsyncLifetime
{
    private ChildProcess? _api;

    public Uri Address { get; private set; } = new("http://127.0.0.1");

    public async ValueTask InitializeAsync()
    {
        Address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var env = TestTenants.Configuration().ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
        env["Orleans__Endpoints__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        env["Orleans__Endpoints__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        env["Logging__LogLevel__Default"] = "Warning";
        _api = ChildProcess.StartDotnet("api-apps", BuiltApps.Api, ["--urls", Address.ToString()], env);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await ProcessCluster.IsReadyAsync(Address))
        {
            if (_api.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the API did not start:\n{_api.Tail()}");
            }
            await Task.Delay(200);
        }
    }

    public string Tail() => _api?.Tail(60) ?? "";

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.StopAsync(TimeSpan.FromSeconds(10));
            await _api.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiProcessCollection : ICollectionFixture<ApiProcessFixture>
{
    public const string Name = "api-process";
}
