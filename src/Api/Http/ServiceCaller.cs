namespace SessionCluster.Api.Http;

/// <summary>A service of a tenant, authenticated by <c>X-Api-Key</c>. Bound per request; a bad key is 401 <c>api_key_invalid</c>.</summary>
public sealed record ServiceCaller(string TenantId, string KeyHash)
{
    public const string HeaderName = "X-Api-Key";

    public static ValueTask<ServiceCaller?> BindAsync(HttpContext context)
    {
        var registry = context.RequestServices.GetRequiredService<ApiKeyRegistry>();
        if (!registry.TryGetTenant(context.Request.Headers[HeaderName], out var tenantId, out var keyHash))
        {
            throw new ApiProblemException(StatusCodes.Status401Unauthorized, ErrorCodes.ApiKeyInvalid, "A valid X-Api-Key header is required.");
        }
        return ValueTask.FromResult<ServiceCaller?>(new ServiceCaller(tenantId, keyHash));
    }
}
