using SessionCluster.Api.OpenApi;

namespace Microsoft.Extensions.DependencyInjection;

public static class OpenApiServiceExtensions
{
    /// <summary>
    /// /openapi/v1.json as a client generator can trust it: security, every error status with the Problem schema and its
    /// codes, schemas that say what is required and never null, a real info and no servers (src/Api/OpenApi).
    /// </summary>
    public static IServiceCollection AddSessionClusterOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer<ContractSchemaTransformer>();
            options.AddOperationTransformer<SecurityTransformer>();
            options.AddOperationTransformer<ProblemResponsesTransformer>();
            options.AddDocumentTransformer<DocumentInfoTransformer>();
        });
}
