using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using SessionCluster.Grains;
using SessionCluster.Grains.Events;
using SessionCluster.Hosting.Events;

namespace Microsoft.Extensions.Hosting;

/// <summary>The silo's side of the tenant feed and webhooks: the feed's store and the delivery client.</summary>
public static class EventsHostingExtensions
{
    /// <param name="redis">false: the feed lives in memory (embedded mode).</param>
    public static IServiceCollection AddSessionClusterEvents(this IServiceCollection services, bool redis)
    {
        if (redis)
        {
            services.AddSingleton<IEventFeedStore, RedisEventFeedStore>();
        }
        else
        {
            services.AddSingleton<IEventFeedStore>(_ => new MemoryEventFeedStore(TimeProvider.System));
        }
        services.AddSingleton<IWebhookSender, WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddResilienceHandler("webhook-timeout", (pipeline, context) =>
            {
                // One attempt, bounded: retries are the delivery grain's (backoff across turns, durable position).
                var timeout = context.ServiceProvider.GetRequiredService<IOptionsMonitor<EventsOptions>>().CurrentValue.WebhookTimeout;
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = timeout });
            });
        return services;
    }
}
