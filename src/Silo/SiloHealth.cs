using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SessionCluster.Silo;

/// <summary>
/// The silo's HTTP face, for probes: <c>/healthz</c> (the process is alive) and <c>/readyz</c> (the silo has
/// joined the cluster and takes calls). It listens where ASP.NET Core is told (<c>ASPNETCORE_URLS</c>,
/// <c>--urls</c>); told nothing, it picks a free loopback port, so several silos can run on one machine.
/// </summary>
public static class SiloHealth
{
    public static bool InKubernetes => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"));

    public static WebApplicationBuilder AddSiloHealth(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        builder.Services.AddHealthChecks().AddCheck<JoinedClusterCheck>("joined", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapSiloHealth(this WebApplication app)
    {
        app.MapHealthEndpoints();
        return app;
    }

    /// <summary>
    /// <c>/healthz</c> (alive) and <c>/readyz</c> (every check tagged "ready"), for silos and API nodes alike. Readiness
    /// answers 200 while healthy or degraded (still serving) and 503 when unhealthy, with a JSON body that names each
    /// check, its status and what is degraded.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        routes.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteReportAsync });
        return routes;
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["status"] = report.Status.ToString(),
            ["checks"] = new System.Text.Json.Nodes.JsonObject(report.Entries.Select(e => KeyValuePair.Create<string, System.Text.Json.Nodes.JsonNode?>(e.Key,
                new System.Text.Json.Nodes.JsonObject
                {
                    ["status"] = e.Value.Status.ToString(),
                    ["description"] = e.Value.Description,
                    ["data"] = new System.Text.Json.Nodes.JsonObject(e.Value.Data.Select(d =>
                        KeyValuePair.Create(d.Key, System.Text.Json.Nodes.JsonValue.Create(d.Value.ToString()) as System.Text.Json.Nodes.JsonNode))),
                }))),
        };
        return context.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>Ready when the membership snapshot shows this silo active (joined, not yet leaving).</summary>
    private sealed class JoinedClusterCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
            return Task.FromResult(status == SiloStatus.Active
                ? HealthCheckResult.Healthy("joined")
                : HealthCheckResult.Unhealthy($"silo status: {status}"));
        }
    }
}
