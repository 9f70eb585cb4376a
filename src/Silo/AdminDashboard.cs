using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using SessionCluster.Hosting.Options;

namespace SessionCluster.Silo;

/// <summary>
/// The Orleans dashboard on the silo at <c>/dashboard/</c>, only when <c>SessionCluster:Dashboard:AdminKey</c> is
/// set (at least 32 characters), and only for a browser that presents it (HTTP Basic, user <c>admin</c>). Off by
/// default: its grain-call profiler runs on every call. The views that show more than counters (the live log stream,
/// any grain's state, the reminder list with every user's id) are not served unless
/// <c>SessionCluster:Dashboard:SensitiveViews</c> is true. Basic sends the key with every request: serve it only
/// over HTTPS or through <c>kubectl port-forward</c>.
/// </summary>
public static class AdminDashboard
{
    public const string Path = "/dashboard";

    /// <summary>The dashboard's views beyond counters, by their route's first segment.</summary>
    public static readonly IReadOnlySet<string> SensitiveViews = new HashSet<string>(["Trace", "GrainState", "Reminders"], StringComparer.OrdinalIgnoreCase);

    public static ISiloBuilder AddAdminDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<AdminDashboardOptions>().BindConfiguration(AdminDashboardOptions.SectionName).ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdminDashboardOptions>, AdminDashboardOptionsValidator>());
        var options = configuration.GetSection(AdminDashboardOptions.SectionName).Get<AdminDashboardOptions>() ?? new AdminDashboardOptions();
        // HideTrace also stops the dashboard's own trace endpoint; the filter below hides it regardless.
        return options.Enabled ? silo.AddDashboard(o => o.HideTrace = !options.SensitiveViews) : silo;
    }

    public static WebApplication MapAdminDashboard(this WebApplication app)
    {
        // Validated here (a short key stops the start with a message naming the setting), before anything is mapped.
        var options = app.Services.GetRequiredService<IOptions<AdminDashboardOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }
        var expected = Encoding.UTF8.GetBytes("admin:" + options.AdminKey);
        app.MapOrleansDashboard(routePrefix: Path).AddEndpointFilter(async (context, next) =>
        {
            if (!options.SensitiveViews && IsSensitive(context.HttpContext.GetEndpoint() as RouteEndpoint))
            {
                return Results.NotFound(); // as if never mapped
            }
            if (!Presents(context.HttpContext.Request.Headers.Authorization.ToString(), expected))
            {
                context.HttpContext.Response.Headers.WWWAuthenticate = "Basic realm=\"SessionCluster dashboard\"";
                return Results.Unauthorized();
            }
            return await next(context);
        });
        return app;
    }

    /// <summary>The first segment after the dashboard's prefix names the view.</summary>
    private static bool IsSensitive(RouteEndpoint? endpoint) =>
        endpoint?.RoutePattern.PathSegments
            .SelectMany(segment => segment.Parts)
            .OfType<RoutePatternLiteralPart>()
            .Select(part => part.Content)
            .SkipWhile(literal => !string.Equals(literal, Path.TrimStart('/'), StringComparison.OrdinalIgnoreCase))
            .Skip(1)
            .FirstOrDefault() is { } view && SensitiveViews.Contains(view);

    private static bool Presents(string authorization, byte[] expected)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header) || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        Span<byte> presented = stackalloc byte[512];
        return Convert.TryFromBase64String(header.Parameter ?? "", presented, out var length)
            && CryptographicOperations.FixedTimeEquals(presented[..length], expected);
    }
}
