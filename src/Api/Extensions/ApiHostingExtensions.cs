using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;
using SessionCluster.Api;
using SessionCluster.Api.Http;

namespace Microsoft.Extensions.Hosting;

public static class ApiHostingExtensions
{
    /// <summary>HTTP services: JSON contract, problem details with stable codes, API keys, OpenAPI, health.</summary>
    public static IHostApplicationBuilder AddSessionClusterApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            o.SerializerOptions.Converters.Add(new UtcMillisecondsConverter());
            o.SerializerOptions.MaxDepth = 32;
        });
        // Malformed bodies reach the exception handler, which names the offending field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            if (!ctx.ProblemDetails.Extensions.ContainsKey("code"))
            {
                ctx.ProblemDetails.Extensions["code"] = ctx.ProblemDetails.Status switch
                {
                    404 => ErrorCodes.NotFound,
                    405 => ErrorCodes.MethodNotAllowed,
                    413 => ErrorCodes.PayloadTooLarge,
                    >= 400 and < 500 => ErrorCodes.ValidationFailed,
                    _ => ErrorCodes.InternalError,
                };
            }
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<ApiMetrics>();
        services.AddSessionClusterRateLimits();
        services.AddSessionClusterTrustedProxies();
        services.AddSessionClusterBrowser();
        services.AddValidatedOptions<EventStreamOptions, EventStreamOptionsValidator>(EventStreamOptions.SectionName);
        services.AddSingleton<EventStreamLimits>();
        services.AddSessionClusterOpenApi();
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }

    public static WebApplication UseSessionClusterApi(this WebApplication app)
    {
        app.UseSessionClusterTrustedProxies();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestBodyLimit();
        app.UseRateLimiter();
        // Every /v1 answer is about one session or user at one moment, and many carry tokens or secrets (create,
        // refresh, step-up, a link's hand-over, a TOTP enrolment): nothing in between may keep one.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
            {
                context.Response.Headers.CacheControl = "no-store";
            }
            return next(context);
        });
        return app;
    }

    /// <summary>
    /// /healthz: the process is alive. /readyz: the cluster answers a grain call (and whether storage is degraded). Mapped
    /// in every environment. /openapi/v1.json and /docs unless SessionCluster:Endpoints:OpenApi / :Docs say false
    /// (the docs page reads the document, so it goes with it).
    /// </summary>
    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealthEndpoints();
        var endpoints = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SessionCluster.Hosting.Options.EndpointsOptions>>().Value;
        if (endpoints.OpenApi)
        {
            app.MapOpenApi();
        }
        if (endpoints.OpenApi && endpoints.Docs)
        {
            app.MapScalarApiReference("/docs");
        }
        return app;
    }
}
