using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionCluster.AspNetCore.Authentication;
using SessionCluster.AspNetCore.Client;

namespace SessionCluster.AspNetCore.Caching;

/// <summary>
/// With the cache on: once a second, drops entries past the staleness bound and sends the batched touches — for each
/// session used from the cache since the cluster last heard of it, at most one per tenth of its idle timeout, an
/// extend (the API's activity call that needs no token), so a user active only from the cache is not idled out.
/// </summary>
internal sealed class CacheMaintenance(
    ValidationCache cache, IServiceProvider services, IOptionsMonitor<SessionClusterAuthenticationOptions> options,
    TimeProvider time, ILogger<CacheMaintenance> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RunOnceAsync(stoppingToken);
        }
    }

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var client = (ISessionClusterClient)services.GetService(typeof(ISessionClusterClient))!;
        foreach (var sessionId in cache.Sweep(options.Get(SessionClusterDefaults.AuthenticationScheme).MaxStaleness))
        {
            try
            {
                await client.ExtendSessionAsync(sessionId, cancellationToken);
            }
            catch (SessionClusterException ex)
            {
                Log.TouchFailed(logger, sessionId, ex.Code);
                if (ex.Status is 404 or 410)
                {
                    cache.EvictSession(sessionId);
                }
            }
        }
    }
}
