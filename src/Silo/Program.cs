using Orleans.Configuration;

namespace SessionCluster.Silo;

/// <summary>The silo host: grains, Redis clustering/storage/reminders, graceful shutdown, console logs.</summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddSessionClusterSilo();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
        builder.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        await builder.Build().RunAsync();
    }
}
