using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SessionCluster.Hosting.Options;

namespace SessionCluster.Hosting.Security;

/// <summary>
/// Says at start whether cluster traffic is encrypted: a warning when a cluster (Redis configured) runs its Orleans
/// connections in clear, since tokens, TOTP codes and enrolment secrets cross them; the certificate in use and a
/// warning when it expires within 30 days (certificates are read at start: renewing one means restarting the node).
/// </summary>
internal sealed partial class TransportSecurityReport(
    IOptions<ClusterTlsOptions> options, IServiceProvider services, IConfiguration configuration, ILogger<TransportSecurityReport> logger) : IHostedService
{
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var tls = options.Value;
        var cluster = !string.IsNullOrWhiteSpace(configuration.GetConnectionString(SiloHostingExtensions.RedisConnectionName));
        if (!tls.Enabled)
        {
            if (cluster)
            {
                LogClear(logger);
            }
            return Task.CompletedTask;
        }
        var certificate = services.GetRequiredService<ClusterCertificates>().Certificate;
        LogEnabled(logger, certificate.Subject, certificate.Thumbprint, certificate.NotAfter.ToUniversalTime());
        var now = TimeProvider.System.GetUtcNow();
        if (certificate.NotAfter.ToUniversalTime() - now < ExpiryWarning)
        {
            LogExpiring(logger, certificate.Subject, certificate.NotAfter.ToUniversalTime());
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster connections (silo to silo, client to gateway) are not encrypted: SessionCluster:Tls:Enabled is false. Tokens and TOTP codes cross them in clear; enable TLS outside a trusted network.")]
    private static partial void LogClear(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster TLS on (mutual): certificate {Subject} ({Thumbprint}), valid until {NotAfter:u}")]
    private static partial void LogEnabled(ILogger logger, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster TLS certificate {Subject} expires at {NotAfter:u}: renew it and restart the node (it is read at start)")]
    private static partial void LogExpiring(ILogger logger, string subject, DateTime notAfter);
}
