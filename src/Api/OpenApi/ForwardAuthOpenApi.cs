using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SessionCluster.Api.OpenApi;

/// <summary>What /v1/auth reads and answers outside a JSON body: its query options and its headers.</summary>
internal static class ForwardAuthOpenApi
{
    public static Task DescribeHeadersAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(Query("aal", "The assurance level the route needs: 1 (default) or 2 (a session that stepped up).", "1", "2"));
        operation.Parameters.Add(Query("login", "A login page (a path on this origin, or an absolute http(s) URL): a browser navigation without a valid credential is sent there with rd=<the original URI>."));
        operation.Parameters.Add(Query("loginStatus", "With login: 302 (default) redirects; 401 answers the 401 with Location, for nginx to redirect to.", "302", "401"));
        operation.Parameters.Add(Query("format", "json: the identity as a JSON body too (Oathkeeper reads subject and extra).", "json"));
        foreach (var name in new[] { "X-Forwarded-Method", "X-Forwarded-Uri", "X-Original-Method", "X-Original-URI", "X-Forwarded-For" })
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Header,
                Description = name.Contains("For", StringComparison.Ordinal)
                    ? "The end user's address as the proxy saw it (its first hop is taken)."
                    : "The original request's method or URI, as the proxy names it (X-Forwarded-* first, then nginx's X-Original-*).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse found)
        {
            found.Description = "The credential is valid (and meets aal): the identity in headers, for the proxy to pass upstream.";
            found.Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal)
            {
                [ForwardAuthApi.UserHeader] = Header("The user id (visible ASCII as it is, anything else percent-encoded UTF-8)."),
                [ForwardAuthApi.SessionHeader] = Header("The session id."),
                [ForwardAuthApi.DeviceHeader] = Header("The device id (percent-encoded like the user id)."),
                [ForwardAuthApi.AalHeader] = Header("1 or 2."),
                [ForwardAuthApi.ExpiresSoonHeader] = Header("true when the session is about to expire (time to offer \"stay signed in\")."),
            };
        }
        if (operation.Responses?.TryGetValue("302", out var found302) == true && found302 is OpenApiResponse redirect)
        {
            redirect.Description = "With login, for a browser navigation without a valid credential: to the login page.";
            redirect.Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal) { ["Location"] = Header("The login URL, with rd=<the original URI>.") };
        }
        if (operation.Responses?.TryGetValue("401", out var found401) == true && found401 is OpenApiResponse unauthorized)
        {
            unauthorized.Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal) { ["WWW-Authenticate"] = Header("The Bearer challenge.") };
        }
        return Task.CompletedTask;
    }

    private static OpenApiParameter Query(string name, string description, params string[] values) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Description = description,
        Schema = values.Length == 0
            ? new OpenApiSchema { Type = JsonSchemaType.String }
            : new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] },
    };

    private static OpenApiHeader Header(string description) => new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
}
