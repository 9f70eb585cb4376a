using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The silo's HTTP face, for probes and metrics. It listens where ASP.NET Core is told (<c>ASPNETCORE_URLS</c>,
/// <c>--urls</c>); told nothing, it picks a free loopback port, so several silos can run on one machine. Ready once
/// the silo has joined the cluster.
/// </summary>
public static class SiloHealth
{
    /// <summary>True inside a Kubernetes pod (where Orleans' Kubernetes hosting applies).</summary>
    public static bool InKubernetes => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"));

    public static WebApplicationBuilder AddSiloHealth(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        builder.Services.AddHealthChecks().AddCheck<JoinedClusterCheck>("joined", tags: [HealthEndpoints.ReadyTag]);
        return builder;
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
