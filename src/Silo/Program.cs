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
        // Failure detection. Orleans needs two votes to evict a silo, which a two-silo cluster never has: there a dead
        // silo goes only when its I-am-alive row turns stale (90 s by default). Publishing every 5 s and calling a row
        // stale after 3 misses bounds that at ~15 s. Every setting stays tunable under Orleans:Membership.
        builder.Services.AddOptions<ClusterMembershipOptions>()
            .Configure(o =>
            {
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
                o.NumMissedTableIAmAliveLimit = 3;
            })
            .BindConfiguration("Orleans:Membership");
        await builder.Build().RunAsync();
    }
}
