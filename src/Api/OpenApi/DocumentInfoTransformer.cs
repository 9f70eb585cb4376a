using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SessionCluster.Api.OpenApi;

/// <summary>
/// The document's own parts: a real <c>info</c>, the tags' descriptions, the shared components, and no <c>servers</c>
/// (where the API is reached is the deployer's to say; a generated client takes its base URL as a setting).
/// </summary>
internal sealed class DocumentInfoTransformer : IOpenApiDocumentTransformer
{
    /// <summary>One line per tag (a new resource adds its own).</summary>
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Sessions"] = "A tenant's back end creates, validates, refreshes and revokes its users' sessions (X-Api-Key).",
        ["Users"] = "A user's sessions, devices and event history as a whole, and GDPR erasure (X-Api-Key).",
        ["TOTP"] = "A user's TOTP second factor: enrol, confirm, remove (X-Api-Key). Step-up is on the session.",
        ["Me"] = "An end user's own session, sessions, devices and data, called from the browser or app with the user's bearer token or cookies.",
        ["Device links"] = "A new device joins a signed-in user by a short code approved on a device that is already signed in (X-Api-Key).",
        ["Device links (public)"] = "The signed-out new device's side of linking, from the browser, for tenants that opt in (no credential).",
        ["Account page"] = "The account page served on the API's origin (the committed build of clients/browser); no credential to load it.",
        ["Events"] = "The tenant's event feed: every user event, live (Server-Sent Events) or in pages, resumable from a cursor (X-Api-Key).",
        ["Webhooks"] = "The tenant's webhook endpoints (Standard Webhooks): delivery status and replay (X-Api-Key).",
        ["ForwardAuth"] = "Forward auth for reverse proxies (nginx auth_request, Caddy forward_auth, Traefik, Envoy, Oathkeeper).",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "SessionCluster",
            Version = "v1",
            Description =
                "Session management for many apps (tenants): create, validate, refresh and revoke sessions; devices, " +
                "step-up with TOTP, device linking, live events, cookie mode for browsers and forward auth for reverse proxies.\n\n" +
                "Errors are RFC 9457 problem details with a stable `code` (the Problem schema lists them all). " +
                "Every /v1 answer is sent with Cache-Control: no-store. Timestamps are ISO-8601 UTC with milliseconds.",
            Contact = new OpenApiContact { Name = "SessionCluster maintainers" },
            License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
        };
        document.Servers = [];
        SharedComponents.EnsureIn(document);
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }
        // The framework's ProblemDetails schemas are replaced by Problem in every response (ProblemResponsesTransformer).
        document.Components!.Schemas!.Remove("ProblemDetails");
        document.Components.Schemas.Remove("HttpValidationProblemDetails");
        // .NET's SseItem wrapper: /v1/me/events is described as the stream it is (EventStreamOpenApi).
        document.Components.Schemas.Remove("SseItemOfEventDto");
        return Task.CompletedTask;
    }
}
