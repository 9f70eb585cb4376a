using Orleans.Configuration;

namespace SessionCluster.Silo;

/// <summary>
/// The silo host: grains, Redis clustering/storage/reminders, probes, graceful shutdown, console logs.
/// (A named class rather than top-level statements: the API references this assembly for embedded mode.)
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddSessionClusterSilo(silo =>
        {
            // In a pod, Orleans learns its identity and endpoints from the pod (downward API) and watches its peers.
            if (SiloHealth.InKubernetes)
            {
                silo.UseKubernetesHosting();
            }
            silo.AddAdminDashboard(builder.Configuration);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
        builder.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        // Failure detection. Peers probe each other every 2 s (Orleans: 5 s) and vote a silo dead after 2 missed probes
        // (Orleans: 3), so with three or more silos a crash is detected in ~4-6 s. A two-silo cluster never has the two votes Orleans
        // needs: there a dead silo goes when its I-am-alive row turns stale (90 s by default); publishing every 5 s and
        // calling a row stale after 3 misses bounds that at ~15 s. Every setting stays tunable under Orleans:Membership.
        builder.Services.AddOptions<ClusterMembershipOptions>()
            .Configure(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 2;
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
                o.NumMissedTableIAmAliveLimit = 3;
            })
            .BindConfiguration("Orleans:Membership");
        builder.AddSiloHealth();
        builder.AddSessionClusterTelemetry();

        var app = builder.Build();
        app.MapSiloHealth();
        app.MapSessionClusterMetrics();
        app.MapAdminDashboard();
        app.Run();
    }
}
