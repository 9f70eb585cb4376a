using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using SessionCluster.Hosting.Options;
using SessionCluster.Hosting.Security;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Wires <see cref="ClusterTlsOptions"/>: TLS with mutual authentication on a silo's silo and gateway ports and on
/// its outbound silo connections, and on an Orleans client's gateway connections; and the extra trust (and client
/// certificate) for a Redis reached over TLS. Nothing changes while <c>SessionCluster:Tls:Enabled</c> is false.
/// </summary>
public static class ClusterTlsExtensions
{
    /// <summary>The silo side: every inbound connection must present a certificate from the cluster's CA, every outbound one presents ours.</summary>
    public static ISiloBuilder UseSessionClusterTls(this ISiloBuilder silo)
    {
        silo.Services.AddClusterTlsCore();
        silo.Services.AddOptions<SiloConnectionOptions>().Configure<IOptions<ClusterTlsOptions>, IServiceProvider>((connections, tls, services) =>
        {
            if (!tls.Value.Enabled)
            {
                return;
            }
            var certificates = services.GetRequiredService<ClusterCertificates>();
            connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(certificates.ServerOptions()));
            connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(certificates.ServerOptions()));
            connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(certificates.ClientOptions()));
        });
        return silo;
    }

    /// <summary>The client side (API nodes, .NET services): gateways must prove membership, and so must we.</summary>
    public static IClientBuilder UseSessionClusterTls(this IClientBuilder client)
    {
        client.Services.AddClusterTlsCore();
        client.Services.AddOptions<ClientConnectionOptions>().Configure<IOptions<ClusterTlsOptions>, IServiceProvider>((connections, tls, services) =>
        {
            if (tls.Value.Enabled)
            {
                var certificates = services.GetRequiredService<ClusterCertificates>();
                connections.ConfigureConnection(connection => connection.UseClientTls(certificates.ClientOptions()));
            }
        });
        return client;
    }

    /// <summary>
    /// The Redis connection options for <paramref name="connectionString"/>, plus the trust and client certificate of
    /// <c>SessionCluster:Tls:Redis*</c> when set. TLS itself is the connection string's <c>ssl=true</c>.
    /// </summary>
    public static ConfigurationOptions ParseRedis(string connectionString, IConfiguration configuration)
    {
        var redis = ConfigurationOptions.Parse(connectionString);
        RedisTls(configuration)(redis);
        return redis;
    }

    /// <summary>What <c>SessionCluster:Tls:Redis*</c> adds to a parsed Redis configuration (nothing when unset).</summary>
    public static Action<ConfigurationOptions> RedisTls(IConfiguration configuration)
    {
        var section = configuration.GetSection(ClusterTlsOptions.SectionName);
        var ca = section[nameof(ClusterTlsOptions.RedisCaPath)];
        var certificate = section[nameof(ClusterTlsOptions.RedisCertificatePath)];
        var key = section[nameof(ClusterTlsOptions.RedisKeyPath)];
        return redis =>
        {
            if (!string.IsNullOrWhiteSpace(ca))
            {
                // Only chain errors are forgiven, and only for this CA: the host name must still match (sslHost).
                redis.TrustIssuer(X509CertificateLoader.LoadCertificateFromFile(ca));
            }
            if (!string.IsNullOrWhiteSpace(certificate))
            {
                redis.SetUserPemCertificate(certificate, string.IsNullOrWhiteSpace(key) ? null : key);
            }
        };
    }

    /// <summary>Options, their start-up validation, the loaded certificates, and the start-up report.</summary>
    internal static IServiceCollection AddClusterTlsCore(this IServiceCollection services)
    {
        services.AddOptions<ClusterTlsOptions>().BindConfiguration(ClusterTlsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterTlsOptions>, ClusterTlsOptionsValidator>());
        services.TryAddSingleton(sp => ClusterCertificates.Load(
            sp.GetRequiredService<IOptions<ClusterTlsOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<ClusterCertificates>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TransportSecurityReport>());
        return services;
    }
}
