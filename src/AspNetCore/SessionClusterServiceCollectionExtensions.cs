using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using SessionCluster.AspNetCore;
using SessionCluster.AspNetCore.Caching;
using SessionCluster.AspNetCore.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the typed client.</summary>
public static class SessionClusterServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISessionClusterClient"/> with options from <c>SessionCluster:Client</c>, validated at start.
    /// HTTP transport: an <c>IHttpClientFactory</c> client with attempt timeouts, a circuit breaker and retries of the
    /// repeat-safe calls only. Orleans transport: the app's own Orleans client (<c>IGrainFactory</c>).
    /// </summary>
    public static IServiceCollection AddSessionClusterClient(this IServiceCollection services, Action<SessionClusterClientOptions>? configure = null)
    {
        if (services.Any(d => d.ServiceType == typeof(Marker)))
        {
            if (configure is not null)
            {
                services.Configure(configure);
            }
            return services;
        }
        services.AddSingleton<Marker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionClusterClientOptions>, SessionClusterClientOptionsValidator>());
        var options = services.AddOptions<SessionClusterClientOptions>().BindConfiguration(SessionClusterClientOptions.Section).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ValidationCache>();
        services.TryAddSingleton<SessionValidator>();

        services.AddHttpClient<HttpSessionClusterClient>(HttpSessionClusterClient.HttpClientName, ConfigureBase)
            .AddResilienceHandler("sessioncluster", (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<SessionClusterClientOptions>>().Value;
                pipeline.AddTimeout(settings.Timeout * (settings.MaxRetries + 1) + TimeSpan.FromSeconds(1));
                if (settings.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = settings.MaxRetries,
                        Delay = TimeSpan.FromMilliseconds(100),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        // Only calls whose repetition is harmless: a create or a refresh sent twice is not the same as once.
                        ShouldHandle = args => ValueTask.FromResult(
                            IsRepeatSafe(args.Context) && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                    });
                }
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    // Fails fast while the cluster is down, so requests get their 503 at once instead of each waiting out a timeout.
                    FailureRatio = 0.5,
                    MinimumThroughput = 20,
                    SamplingDuration = TimeSpan.FromSeconds(10),
                    BreakDuration = TimeSpan.FromSeconds(2),
                });
                pipeline.AddTimeout(settings.Timeout);
            });
        services.AddHttpClient(EventFeedConsumer.HttpClientName, (sp, http) =>
        {
            ConfigureBase(sp, http);
            // A stream that stays open: its liveness is the feed's heartbeats, not a request timeout.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        services.TryAddSingleton<ISessionClusterClient>(sp =>
            sp.GetRequiredService<IOptions<SessionClusterClientOptions>>().Value.Transport == SessionClusterTransport.Orleans
                ? ActivatorUtilities.CreateInstance<OrleansSessionClusterClient>(sp, sp.GetRequiredService<IGrainFactory>())
                : sp.GetRequiredService<HttpSessionClusterClient>());
        return services;
    }

    private static void ConfigureBase(IServiceProvider services, HttpClient http)
    {
        var settings = services.GetRequiredService<IOptions<SessionClusterClientOptions>>().Value;
        if (settings.BaseUrl is { } url)
        {
            http.BaseAddress = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        }
        if (settings.ApiKey is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
        // The resilience pipeline times each attempt; HttpClient's own timeout would cut the retries short.
        http.Timeout = Timeout.InfiniteTimeSpan;
    }

    private static bool IsRepeatSafe(ResilienceContext context) =>
        context.GetRequestMessage() is { } request && request.Options.TryGetValue(HttpSessionClusterClient.RepeatSafe, out var safe) && safe;

    private sealed class Marker;
}
