using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace SessionCluster.Api.Http;

public static class TrustedProxies
{
    public static IServiceCollection AddSessionClusterTrustedProxies(this IServiceCollection services)
    {
        services.AddValidatedOptions<TrustedProxyOptions, TrustedProxyOptionsValidator>(TrustedProxyOptions.SectionName);
        return services;
    }

    /// <summary>ASP.NET Core's forwarded-headers middleware, trusting only the configured proxies; nothing when none are.</summary>
    public static WebApplication UseSessionClusterTrustedProxies(this WebApplication app)
    {
        var trusted = app.Services.GetRequiredService<IOptions<TrustedProxyOptions>>().Value.TrustedProxies;
        if (trusted.Count == 0)
        {
            return app;
        }
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor,
            // Walk X-Forwarded-For from the right until the first address that is not a trusted proxy: that is the client.
            ForwardLimit = null,
        };
        // The defaults trust loopback; only what is configured is trusted here.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in trusted)
        {
            TrustedProxyOptions.TryParse(entry, out var network);
            options.KnownIPNetworks.Add(network);
        }
        app.UseForwardedHeaders(options);
        return app;
    }
}
