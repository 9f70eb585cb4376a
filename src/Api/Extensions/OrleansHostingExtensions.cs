using Orleans.Configuration;
using SessionCluster.Hosting.Storage;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class OrleansHostingExtensions
{
    /// <summary>
    /// Redis configured: the API is an Orleans client of the cluster the silos form in Redis.
    /// Not configured (embedded mode): the API co-hosts a single in-memory silo, so `dotnet run` works on a bare machine.
    /// </summary>
    public static IHostApplicationBuilder AddSessionClusterOrleans(this IHostApplicationBuilder builder)
    {
        var redis = builder.Configuration.GetConnectionString(SiloHostingExtensions.RedisConnectionName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            return builder.AddSessionClusterSilo();
        }

        builder.AddSessionClusterDefaults();
        builder.Services.AddSessionClusterGrains(); // tenant options (API keys) with their start-up validation
        // Readiness says "degraded" while the cluster's storage refuses changes (seen in the answers the API relays).
        builder.Services.AddSingleton(sp => new StorageHealth(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: [HealthEndpoints.ReadyTag]);
        // A grain call normally takes well under a millisecond; one stuck on a silo that just died should not hold a
        // request for long (dotnet/orleans#10165): fail after 5 s and let ClusterRetry reach the new activation.
        builder.Services.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        // Re-read the gateway list from membership every 5 s (Orleans: 1 min), so after a whole-cluster restart the
        // API finds the new silos promptly instead of retrying dead gateways for a minute.
        builder.Services.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = ClusterTlsExtensions.ParseRedis(redis, builder.Configuration));
            // Off unless SessionCluster:Tls:Enabled: then gateways must show a certificate of the cluster's CA, and so must we.
            client.UseSessionClusterTls();
            // Keep trying while no silo is up (a fresh cluster, a rolling restart); readiness says when we are connected.
            client.UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                return true;
            });
        });
        return builder;
    }
}
