using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace SessionCluster.Api.Http;

/// <summary>
/// <c>SessionCluster:TrustedProxies:{n}</c>: the reverse proxies (an address, or a network as <c>10.0.0.0/8</c>) whose
/// <c>X-Forwarded-For</c> names the end user's address. Matters when browsers reach <c>/v1/me</c> through the app's
/// proxy (cookie mode): without it the API sees the proxy's address, which looks like a new network to the risk check.
/// Empty (the default): the connection's address is the client, as before.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string SectionName = "SessionCluster";
    public const string Key = "SessionCluster:TrustedProxies";

    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Parses an entry: an address, or an address and a prefix length.</summary>
    public static bool TryParse(string? entry, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }
        if (entry.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(entry, out network);
        }
        if (!IPAddress.TryParse(entry, out var address))
        {
            return false;
        }
        network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }
}

internal sealed class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            if (!TrustedProxyOptions.TryParse(options.TrustedProxies[i], out _))
            {
                errors.Add($"{TrustedProxyOptions.Key}:{i} must be an IP address (10.0.0.5) or a network (10.0.0.0/8); got '{options.TrustedProxies[i]}'.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public static class TrustedProxies
{
    public static IServiceCollection AddSessionClusterTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrustedProxyOptions>, TrustedProxyOptionsValidator>();
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
