using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SessionCluster.Api.Http;

namespace SessionCluster.Api.OpenApi;

/// <summary>
/// Each operation's security, read from how its handler authenticates (a <see cref="ServiceCaller"/> parameter is the
/// API key, an <see cref="EndUser"/> the bearer token or cookie), or from <see cref="ApiSecurityMetadata"/>; an operation
/// with neither is public (<c>security: []</c>). Adds the statuses the credential brings with it.
/// </summary>
internal sealed class SecurityTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        SharedComponents.EnsureIn(document);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var security = metadata.OfType<ApiSecurityMetadata>().LastOrDefault()?.Security ?? Infer(metadata);
        var unsafeMethod = SessionCookies.IsStateChanging(context.Description.HttpMethod ?? HttpMethods.Get);
        operation.Security = security switch
        {
            ApiSecurity.ApiKey => [Requirement(document, SharedComponents.ApiKey)],
            ApiSecurity.EndUser => [
                Requirement(document, SharedComponents.Bearer),
                unsafeMethod ? Requirement(document, SharedComponents.AccessCookie, SharedComponents.Csrf) : Requirement(document, SharedComponents.AccessCookie),
            ],
            ApiSecurity.RefreshCookie => [Requirement(document, SharedComponents.RefreshCookie, SharedComponents.AccessCookie, SharedComponents.Csrf)],
            ApiSecurity.ProxyForEndUser => [
                Requirement(document, SharedComponents.ApiKey, SharedComponents.Bearer),
                Requirement(document, SharedComponents.ApiKey, SharedComponents.AccessCookie),
            ],
            _ => [],
        };
        switch (security)
        {
            case ApiSecurity.ApiKey:
                ProblemResponsesTransformer.Add(operation, StatusCodes.Status401Unauthorized, ErrorCodes.ApiKeyInvalid);
                break;
            case ApiSecurity.EndUser:
                ProblemResponsesTransformer.Add(operation, StatusCodes.Status401Unauthorized,
                    ErrorCodes.TokenInvalid, ErrorCodes.AccessTokenExpired, ErrorCodes.SessionExpired, ErrorCodes.SessionRevoked);
                // Junk tokens are limited per client address.
                ProblemResponsesTransformer.Add(operation, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited);
                if (unsafeMethod)
                {
                    ProblemResponsesTransformer.Add(operation, StatusCodes.Status403Forbidden, ErrorCodes.CsrfInvalid);
                }
                break;
            case ApiSecurity.RefreshCookie:
                ProblemResponsesTransformer.Add(operation, StatusCodes.Status401Unauthorized, ErrorCodes.TokenInvalid);
                ProblemResponsesTransformer.Add(operation, StatusCodes.Status403Forbidden, ErrorCodes.CsrfInvalid);
                break;
        }
        return Task.CompletedTask;
    }

    private static ApiSecurity Infer(IList<object> metadata)
    {
        var parameters = metadata.OfType<MethodInfo>().LastOrDefault()?.GetParameters() ?? [];
        return parameters.Any(p => p.ParameterType == typeof(ServiceCaller)) ? ApiSecurity.ApiKey
            : parameters.Any(p => p.ParameterType == typeof(EndUser)) ? ApiSecurity.EndUser
            : ApiSecurity.None;
    }

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, params string[] schemes)
    {
        var requirement = new OpenApiSecurityRequirement();
        foreach (var scheme in schemes)
        {
            requirement[SharedComponents.Scheme(scheme, document)] = [];
        }
        return requirement;
    }
}
