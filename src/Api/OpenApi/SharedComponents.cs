using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using SessionCluster.Api.Http;

namespace SessionCluster.Api.OpenApi;

/// <summary>The shared components: the problem-details schema and the security schemes, added once per document.</summary>
internal static class SharedComponents
{
    public const string Problem = "Problem";
    public const string ApiKey = "ApiKey";
    public const string Bearer = "Bearer";
    public const string AccessCookie = "AccessCookie";
    public const string RefreshCookie = "RefreshCookie";
    public const string Csrf = "CsrfToken";

    /// <summary>Every stable code (the constants of <see cref="ErrorCodes"/>), in declaration order.</summary>
    public static readonly IReadOnlyList<string> AllCodes = [.. typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)];

    /// <summary>Adds the components (idempotent): transformers that reference them call this first.</summary>
    public static void EnsureIn(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.Schemas.TryAdd(Problem, ProblemSchema());
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        var schemes = document.Components.SecuritySchemes;
        schemes.TryAdd(ApiKey, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ServiceCaller.HeaderName,
            Description = "The tenant's API key, held by the app's back end (or its reverse proxy). Never sent from a browser.",
        });
        schemes.TryAdd(Bearer, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An end user's access token (bearer mode), as returned when the session was created or refreshed.",
        });
        schemes.TryAdd(AccessCookie, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = SessionCookies.Access,
            Description = "Cookie mode: the HttpOnly access cookie set by POST /v1/me/cookie. Unsafe methods also need X-CSRF-Token.",
        });
        schemes.TryAdd(RefreshCookie, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = SessionCookies.Refresh,
            Description = $"Cookie mode: the HttpOnly refresh cookie, sent only to {SessionCookies.RefreshPath}.",
        });
        schemes.TryAdd(Csrf, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = SessionCookies.CsrfHeader,
            Description = $"Cookie mode: the CSRF token (the csrfToken of the last cookie answer, also in the {SessionCookies.Csrf} cookie) on unsafe methods.",
        });
    }

    /// <summary>RFC 9457 problem details with the stable <c>code</c> every error of this API carries.</summary>
    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An error (RFC 9457 problem details). Clients branch on code, which is stable; title is for humans.",
        Required = new HashSet<string>(["type", "title", "status", "code"], StringComparer.Ordinal),
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI naming the kind of problem, e.g. urn:sessioncluster:problem:token_invalid." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short human-readable summary." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The stable error code (docs/api.md, \"Errors\"). Codes are added, never renamed.",
                Enum = [.. AllCodes.Select(c => (JsonNode)JsonValue.Create(c))],
            },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "validation_failed: the offending fields, each with its messages.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, to find it in the logs." },
        },
    };

    public static OpenApiSchemaReference ProblemReference(OpenApiDocument document) => new(Problem, document);

    public static OpenApiSecuritySchemeReference Scheme(string name, OpenApiDocument document) => new(name, document);
}
