using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SessionCluster.Grains;
using SessionCluster.Hosting.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// OpenTelemetry for silo and API alike: the product's meters beside Orleans' and ASP.NET Core's, scraped on
/// <c>/metrics</c> (Prometheus text; <c>SessionCluster:Endpoints:Metrics=false</c> unmaps it); metrics and traces also go to an OTLP collector when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured (off otherwise).
/// </summary>
public static class TelemetryExtensions
{
    public static IHostApplicationBuilder AddSessionClusterTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EndpointsOptions>().BindConfiguration(EndpointsOptions.SectionName);
        var scrape = builder.Configuration.GetSection(EndpointsOptions.SectionName).Get<EndpointsOptions>()?.Metrics ?? true;
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SessionMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
                if (scrape)
                {
                    metrics.AddPrometheusExporter();
                }
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter());
        }
        return builder;
    }

    /// <summary>Maps <c>/metrics</c>, unless <c>SessionCluster:Endpoints:Metrics</c> is false.</summary>
    public static IEndpointRouteBuilder MapSessionClusterMetrics(this IEndpointRouteBuilder routes)
    {
        // Create the product's meters now, so a scrape shows them (at zero) before the first session arrives.
        _ = routes.ServiceProvider.GetService<SessionMetrics>();
        if (routes.ServiceProvider.GetRequiredService<IOptions<EndpointsOptions>>().Value.Metrics)
        {
            routes.MapPrometheusScrapingEndpoint(MetricsPath);
        }
        return routes;
    }

    public const string MetricsPath = "/metrics";
}
