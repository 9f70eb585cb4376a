using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using SessionCluster.Grains;
using SessionCluster.Hosting;
using SessionCluster.Hosting.Storage;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The silo wiring shared by the silo host and the API's embedded mode. Redis configured
/// (<c>ConnectionStrings:redis</c>): Redis clustering, grain storage and reminders. Not configured:
/// one in-memory silo on loopback, for development.
/// </summary>
public static class SiloHostingExtensions
{
    public const string RedisConnectionName = "redis";
    public const string DefaultClusterName = "sessioncluster";

    /// <summary>How long a stopping silo has to hand its grains over (kept below Kubernetes' 30 s grace period).</summary>
    public static readonly TimeSpan GracefulShutdown = TimeSpan.FromSeconds(25);

    /// <summary>Adds a silo with the clustering and providers the configuration asks for.</summary>
    public static IHostApplicationBuilder AddSessionClusterSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        builder.AddSessionClusterDefaults();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = GracefulShutdown);
        // A grain call answered from memory takes well under a millisecond; one stuck on a dead silo gives up sooner.
        builder.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddFailureDetection();
        var redis = builder.Configuration.GetConnectionString(RedisConnectionName);
        var endpoints = builder.Configuration.GetSection("Orleans:Endpoints");
        var redisTls = ClusterTlsExtensions.RedisTls(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            // Off unless SessionCluster:Tls:Enabled (embedded mode included: its gateway port is the only way in).
            silo.UseSessionClusterTls();
            if (string.IsNullOrWhiteSpace(redis))
            {
                // Localhost clustering pins its own endpoints; honour the configured ports so two dev processes can coexist.
                silo.UseLocalhostClustering(
                    siloPort: endpoints.GetValue("SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
                    gatewayPort: endpoints.GetValue("GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT));
            }
            else
            {
                silo.UseRedisClustering(o => o.ConfigurationOptions = ClusterTlsExtensions.ParseRedis(redis, builder.Configuration));
            }
            silo.AddSessionClusterProviders(redis, redisTls);
            configure?.Invoke(silo);
        });
        return builder;
    }

    /// <summary>
    /// Grain services, storage and reminders (not clustering, which test clusters bring themselves).
    /// <paramref name="redis"/> null: in-memory providers.
    /// </summary>
    /// <param name="redisTls">adds the Redis TLS trust of <c>SessionCluster:Tls:Redis*</c> to every parsed Redis configuration.</param>
    public static ISiloBuilder AddSessionClusterProviders(this ISiloBuilder silo, string? redis, Action<ConfigurationOptions>? redisTls = null)
    {
        silo.Services.AddSessionClusterGrains();
        silo.Services.AddSessionClusterEncryption();
        // Users are swept by a reminder every Cleanup:SweepInterval; Orleans refuses periods under its minimum (1 min).
        silo.Services.AddOptions<ReminderOptions>().Configure<IOptions<SessionClusterOptions>>((reminders, sessionCluster) =>
        {
            var sweep = sessionCluster.Value.Cleanup.SweepInterval;
            if (sweep < reminders.MinimumReminderPeriod)
            {
                reminders.MinimumReminderPeriod = sweep;
            }
        });
        silo.Services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>(StorageOptions.SectionName);
        silo.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: [HealthEndpoints.ReadyTag]);
        // Orleans logs a storage failure under the provider's type with the grain id (a session id): the guard logs it without.
        silo.Services.AddLogging(logging => logging.AddFilter(typeof(GuardedGrainStorage).FullName, LogLevel.None));
        silo.Services.AddSessionClusterEvents(redis: !string.IsNullOrWhiteSpace(redis));
        if (string.IsNullOrWhiteSpace(redis))
        {
            silo.Services.AddSingleton(sp => new StorageHealth(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
            // Nothing outlives the process in memory, so an unconfigured key may be a random one of this process.
            silo.Services.PostConfigure<EncryptionOptions>(o =>
            {
                if (o.Keys.Count == 0)
                {
                    o.Keys["ephemeral"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(EncryptionOptions.KeyBytes));
                }
            });
            foreach (var name in StorageNames.All)
            {
                silo.AddMemoryGrainStorage(name);
                // Guarded like Redis storage, so a failure means the same thing (storage_unavailable) in every mode.
                silo.Services.AddGrainStorage(name, (services, providerName) =>
                    GuardedGrainStorage.Create(services, providerName, MemoryGrainStorageFactory.Create(services, providerName)));
            }
            silo.UseInMemoryReminderService();
            return silo;
        }
        // One fail-fast connection for the three storages (see RedisStorageConnection); reminders fail fast too.
        silo.Services.AddSingleton(sp => new RedisStorageConnection(redis, sp.GetRequiredService<IOptions<StorageOptions>>(), sp.GetRequiredService<IOptions<ClusterOptions>>(), redisTls));
        silo.Services.AddSingleton(sp =>
        {
            var health = new StorageHealth(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
            var connection = sp.GetRequiredService<RedisStorageConnection>();
            health.IsConnected = () => connection.IsConnected;
            return health;
        });
        foreach (var name in StorageNames.All)
        {
            silo.Services.AddOptions<RedisStorageOptions>(name).Configure<IServiceProvider>((o, services) =>
            {
                var connection = services.GetRequiredService<RedisStorageConnection>();
                o.ConfigurationOptions = ConfigurationOptions.Parse(redis);
                redisTls?.Invoke(o.ConfigurationOptions);
                o.CreateMultiplexer = async _ => (await connection.GetAsync(), IsShared: true);
                o.GetStorageKey = connection.KeyFor;
                // State leaves Redis when a grain clears it (no tombstones).
                o.DeleteStateOnClear = true;
                // Orleans' own serializer honours [Alias]/[Id], so renaming a .NET type never orphans stored state.
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(services.GetRequiredService<Orleans.Serialization.Serializer>());
            });
            silo.Services.AddGrainStorage(name, (services, providerName) =>
                GuardedGrainStorage.Create(services, providerName, RedisGrainStorageFactory.Create(services, providerName)));
        }
        silo.UseRedisReminderService(o => o.ConfigurationOptions = RedisStorageConnection.FailFast(redis, TimeSpan.FromSeconds(2), redisTls));
        return silo;
    }

    /// <summary>
    /// Peers probe each other every 2 s (Orleans: 5 s) and vote a silo dead after 2 missed probes (Orleans: 3), so
    /// with three or more silos a crash is detected in ~4-6 s. A two-silo cluster never has the two votes Orleans
    /// needs: there a dead silo goes when its I-am-alive row turns stale (90 s by default); publishing every 5 s and
    /// calling a row stale after 3 misses bounds that at ~15 s. Every setting stays tunable under Orleans:Membership.
    /// </summary>
    private static void AddFailureDetection(this IServiceCollection services) =>
        services.AddOptions<ClusterMembershipOptions>()
            .Configure(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 2;
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
                o.NumMissedTableIAmAliveLimit = 3;
            })
            .BindConfiguration("Orleans:Membership");

    /// <summary>
    /// Cluster and service id default to "sessioncluster"; the <c>Orleans</c> configuration section
    /// (read by Orleans itself) overrides them, as it does the endpoints.
    /// </summary>
    public static IHostApplicationBuilder AddSessionClusterDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = DefaultClusterName;
            o.ServiceId = DefaultClusterName;
        });
        return builder;
    }
}
