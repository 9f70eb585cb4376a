using System.Collections.Frozen;
using System.Security.Cryptography;
using SessionCluster.Api.Http;
using SessionCluster.Api.OpenApi;

namespace SessionCluster.Api;

/// <summary>
/// The account page at <c>/account</c>: the committed build of <c>clients/browser</c> (embedded in this assembly,
/// so there is one copy in git and nothing to install), served from the same origin as <c>/v1/me</c> under a strict
/// Content-Security-Policy (no inline script or style). Also maps the browser's own endpoints
/// (<see cref="BrowserApi"/>) and, in Development only, a sign-in helper for the <c>dev</c> tenant.
/// </summary>
public static class AccountPage
{
    /// <summary>No inline script or style, nothing from elsewhere, never framed.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string DevTenant = "dev";

    private static readonly FrozenDictionary<string, StaticFile> Files = LoadFiles();

    /// <summary>Maps /account (and its files), the browser endpoints, and in Development /dev/sign-in.</summary>
    public static WebApplication MapAccountPage(this WebApplication app)
    {
        var page = app.MapGroup("/account").WithTags("Account page");
        page.MapGet("/", (HttpContext context) => Serve(context, "index.html")).WithName("AccountPage")
            .WithSummary("The account page")
            .WithDescription("The signed-in user's sessions and devices, in cookie or bearer mode, under a strict Content-Security-Policy. Revalidated by ETag.")
            .Produces(StatusCodes.Status200OK, typeof(string), "text/html")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblems(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
        page.MapGet("/{file}", (HttpContext context, string file) => Serve(context, file)).WithName("AccountPageFile")
            .WithSummary("A file of the account page")
            .WithDescription("The page's stylesheet and script bundles (sessioncluster.js, sessioncluster.mjs). Revalidated by ETag.")
            .Produces(StatusCodes.Status200OK, typeof(string), "text/html", "text/css", "text/javascript")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblems(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
        app.MapBrowserApi();
        if (app.Environment.IsDevelopment())
        {
            // Development only: never mapped in any other environment (a test proves it is absent in Production).
            var dev = app.MapGroup("/dev").WithTags("Development").ExcludeFromDescription();
            dev.MapGet("/sign-in", (HttpContext context) => Serve(context, "dev-sign-in.html")).WithName("DevSignInPage");
            dev.MapPost("/sign-in", DevSignInAsync).WithName("DevSignIn");
        }
        return app;
    }

    /// <summary>The files /account serves: the page, its stylesheet and the two bundles. Nothing else.</summary>
    public static IReadOnlyCollection<string> FileNames => Files.Keys;

    private static IResult Serve(HttpContext context, string name)
    {
        if (!Files.TryGetValue(name, out var file) || (name == "dev-sign-in.html" && !context.Request.Path.StartsWithSegments("/dev", StringComparison.Ordinal)))
        {
            return ApiProblem.Result(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No such file.");
        }
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        // Names are not content-hashed, so always revalidate (cheap: the ETag is the content hash).
        headers.CacheControl = "no-cache";
        headers.ETag = file.ETag;
        if (context.Request.Headers.IfNoneMatch.ToString() == file.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(file.Content, file.ContentType);
    }

    /// <summary>
    /// Development only: creates a cookie-mode session of the <c>dev</c> tenant for the typed user id and opens
    /// /account. A plain form post (no script), checked to come from this origin.
    /// </summary>
    public static async Task<IResult> DevSignInAsync(HttpContext context, IGrainFactory grains)
    {
        if (context.Request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site && site is not ("same-origin" or "none"))
        {
            throw SessionCookies.CsrfProblem();
        }
        if (!context.Request.HasFormContentType)
        {
            throw ApiProblem.Validation("userId", "Post the form with userId.");
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var userId = Contracts.RequestRules.Identifier("userId", form["userId"].ToString().Trim() is { Length: > 0 } typed ? typed : null);
        var deviceName = Contracts.RequestRules.Text("deviceName", form["deviceName"].ToString().Trim() is { Length: > 0 } name ? name : null);
        var result = await ClusterRetry.RunAsync(() => grains.CreateSessionAsync(DevTenant, new CreateSessionCommand
        {
            UserId = userId,
            Device = new DeviceInfo { Name = deviceName ?? "Development browser", Type = "desktop" },
            Client = EndUser.ClientOf(context),
        }));
        if (!result.Succeeded)
        {
            return ApiProblem.For(result.Error);
        }
        SessionCookies.Write(context.Response, result.Session!, result.Tokens!);
        return new SeeOther("/account");
    }

    private static FrozenDictionary<string, StaticFile> LoadFiles()
    {
        var assembly = typeof(AccountPage).Assembly;
        var files = new Dictionary<string, StaticFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("account/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource["account/".Length..];
            files[name] = new StaticFile(content, ContentTypeOf(name), $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"");
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        _ => "application/octet-stream",
    };

    private sealed record StaticFile(byte[] Content, string ContentType, string ETag);

    /// <summary>303: after the form post, the browser GETs /account.</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
