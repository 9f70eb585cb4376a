using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SessionCluster.AspNetCore;
using SessionCluster.AspNetCore.Authentication;
using SessionCluster.AspNetCore.Caching;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary><c>AddAuthentication().AddSessionCluster(o =&gt; …)</c>.</summary>
public static class SessionClusterAuthenticationBuilderExtensions
{
    /// <summary>
    /// Adds the SessionCluster scheme (and makes it the default when none is set): settings bound from
    /// <c>SessionCluster:Client</c> and then <paramref name="configure"/>, validated at start; the typed client; the AAL2
    /// requirement; and, with <c>CacheValidations</c>, the cache's housekeeping and the tenant-feed consumer.
    /// </summary>
    public static AuthenticationBuilder AddSessionCluster(this AuthenticationBuilder builder, Action<SessionClusterAuthenticationOptions>? configure = null)
    {
        const string scheme = SessionClusterDefaults.AuthenticationScheme;
        var services = builder.Services;
        services.AddSessionClusterClient();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionClusterAuthenticationOptions>, SessionClusterAuthenticationOptionsValidator>());
        services.AddOptions<SessionClusterAuthenticationOptions>(scheme).BindConfiguration(SessionClusterClientOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, Aal2Requirement>());
        services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme ??= scheme;
        });
        services.TryAddSingleton<EventFeedConsumer>();
        services.TryAddSingleton<CacheMaintenance>();
        services.AddSingleton<IHostedService>(sp => new WhenCaching(sp, sp.GetRequiredService<CacheMaintenance>()));
        services.AddSingleton<IHostedService>(sp => new WhenCaching(sp, sp.GetRequiredService<EventFeedConsumer>(), httpOnly: true));
        return builder.AddScheme<SessionClusterAuthenticationOptions, SessionClusterAuthenticationHandler>(scheme, configure);
    }

    /// <summary>Runs a cache service only when the scheme's <c>CacheValidations</c> is on (the feed only over HTTP).</summary>
    private sealed class WhenCaching(IServiceProvider services, IHostedService inner, bool httpOnly = false) : IHostedService
    {
        private bool _on;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            var auth = services.GetRequiredService<IOptionsMonitor<SessionClusterAuthenticationOptions>>().Get(SessionClusterDefaults.AuthenticationScheme);
            var client = services.GetRequiredService<IOptions<SessionClusterClientOptions>>().Value;
            _on = auth.CacheValidations && (!httpOnly || client.Transport == SessionClusterTransport.Http);
            return _on ? inner.StartAsync(cancellationToken) : Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => _on ? inner.StopAsync(cancellationToken) : Task.CompletedTask;
    }
}
