using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionCluster.Grains;
using SessionCluster.Grains.Domain;


namespace Microsoft.Extensions.Hosting;

public static class GrainServiceCollectionExtensions
{
    /// <summary>What the grains need from the host: tenant policies and encryption keys (validated at start) and a clock.</summary>
    public static IServiceCollection AddSessionClusterGrains(this IServiceCollection services)
    {
        services.AddOptions<SessionClusterOptions>()
            .BindConfiguration(SessionClusterOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SessionClusterOptions>, SessionClusterOptionsValidator>());
        services.AddOptions<EncryptionOptions>()
            .BindConfiguration(EncryptionOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EncryptionOptions>, EncryptionOptionsValidator>());
        services.TryAddSingleton<AtRestCipher>();
        services.TryAddSingleton<ITenantPolicies, ConfiguredTenantPolicies>();
        services.AddMetrics();
        services.TryAddSingleton<SessionMetrics>();
        services.TryAddKeyedSingleton(Clock.ServiceKey, TimeProvider.System);
        return services;
    }
}
