using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionCluster.Grains;
using SessionCluster.Grains.Domain;


namespace Microsoft.Extensions.Hosting;

public static class GrainServiceCollectionExtensions
{
    /// <summary>What the grains (and the API's caller checks) need from the host: tenant policies (validated at start) and a clock.</summary>
    public static IServiceCollection AddSessionClusterGrains(this IServiceCollection services)
    {
        services.AddValidatedOptions<SessionClusterOptions, SessionClusterOptionsValidator>(SessionClusterOptions.SectionName);
        // Webhooks are checked by a validator of their own (it needs the environment: HTTP only in Development).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionClusterOptions>, WebhookOptionsValidator>());
        services.AddValidatedOptions<EventsOptions, EventsOptionsValidator>(EventsOptions.SectionName);
        services.TryAddSingleton<EventMetrics>();
        services.TryAddSingleton<ITenantPolicies, ConfiguredTenantPolicies>();
        services.AddMetrics();
        services.TryAddSingleton<SessionMetrics>();
        services.TryAddKeyedSingleton(Clock.ServiceKey, TimeProvider.System);
        return services;
    }

    /// <summary>
    /// The at-rest keys, validated at start. Only silos call this: API nodes of a cluster never hold the keys.
    /// </summary>
    public static IServiceCollection AddSessionClusterEncryption(this IServiceCollection services)
    {
        services.AddValidatedOptions<EncryptionOptions, EncryptionOptionsValidator>(EncryptionOptions.SectionName);
        services.TryAddSingleton<AtRestCipher>();
        return services;
    }
}
