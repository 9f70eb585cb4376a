using SessionCluster.Silo;

// The silo host: grains on Redis (or in memory), probes and metrics over HTTP, the optional dashboard.
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
builder.AddSiloHealth();
builder.AddSessionClusterTelemetry();

var app = builder.Build();
app.MapHealthEndpoints();
app.MapSessionClusterMetrics();
app.MapAdminDashboard();
app.Run();
