using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionCluster.Grains;
using SessionCluster.Grains.Domain;


namespace Microsoft.Extensions.Hosting;

public static class GrainServiceCollectionExtensions
{
    /// <summary>What the grains (and the API's caller checks) need from the host: tenant policies (validated at start) and a clock.</summary>
    public static IServiceCollection AddSessionClusterGrains(this IServiceCollection services)
    {
        services.AddValidatedOptions<SessionClusterOptions, SessionClusterOptionsValidator>(SessionClusterOptions.SectionName);
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
