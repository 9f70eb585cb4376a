using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The probes of silos and API nodes alike, mapped in every environment: <c>/healthz</c> (the process is alive; it
/// checks nothing else, so a restart is never asked to fix a cluster) and <c>/readyz</c> (every check tagged
/// <see cref="ReadyTag"/>). Readiness answers 200 while healthy or degraded (still serving) and 503 when unhealthy,
/// with a JSON body naming each check, its status and what is degraded.
/// </summary>
public static class HealthEndpoints
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false }).WithTags("Operations");
        routes.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteReportAsync })
            .WithTags("Operations");
        return routes;
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var checks = new JsonObject();
        foreach (var (name, entry) in report.Entries)
        {
            var data = new JsonObject();
            foreach (var (key, value) in entry.Data)
            {
                data[key] = JsonValue.Create(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            }
            checks[name] = new JsonObject { ["status"] = entry.Status.ToString(), ["description"] = entry.Description, ["data"] = data };
        }
        var body = new JsonObject { ["status"] = report.Status.ToString(), ["checks"] = checks };
        return context.Response.WriteAsync(body.ToJsonString());
    }
}
