using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Orleans.Dashboard;

namespace SessionCluster.Silo;

/// <summary>
/// The Orleans dashboard on the silo at <c>/dashboard/</c>, only when <c>SessionCluster:Dashboard:AdminKey</c> is
/// set, and only for a browser that presents it (HTTP Basic, user <c>admin</c>). Off by default: its grain-call
/// profiler runs on every call.
/// </summary>
public static class AdminDashboard
{
    public const string AdminKeySetting = "SessionCluster:Dashboard:AdminKey";
    public const string Path = "/dashboard";

    public static bool Enabled(IConfiguration configuration) => !string.IsNullOrEmpty(configuration[AdminKeySetting]);

    public static ISiloBuilder AddAdminDashboard(this ISiloBuilder silo, IConfiguration configuration) =>
        Enabled(configuration) ? silo.AddDashboard() : silo;

    public static WebApplication MapAdminDashboard(this WebApplication app)
    {
        if (!Enabled(app.Configuration))
        {
            return app;
        }
        var expected = Encoding.UTF8.GetBytes("admin:" + app.Configuration[AdminKeySetting]);
        app.MapOrleansDashboard(routePrefix: Path).AddEndpointFilter(async (context, next) =>
        {
            if (!Presents(context.HttpContext.Request.Headers.Authorization.ToString(), expected))
            {
                context.HttpContext.Response.Headers.WWWAuthenticate = "Basic realm=\"SessionCluster dashboard\"";
                return Results.Unauthorized();
            }
            return await next(context);
        });
        return app;
    }

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
