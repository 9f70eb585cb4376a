using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

// GET /me answering the caller's user id as JSON, in one of four set-ups (APP_AUTH):
//   none     no authentication registered at all: the ceiling ("the same endpoint with no authentication")
//   floor    ASP.NET Core's authentication + authorization with a handler that accepts any bearer header without
//            looking at it: what the framework's pipeline costs before any handler does work
//   cache    AddSessionCluster with CacheValidations = true (revocations pushed by the tenant feed)
//   nocache  AddSessionCluster, every request validated by SessionCluster
// SessionCluster:Client:BaseUrl and :ApiKey come from the environment (SessionCluster__Client__BaseUrl, ...).
var mode = Environment.GetEnvironmentVariable("APP_AUTH") ?? "cache";
var builder = WebApplication.CreateBuilder(args);
switch (mode)
{
    case "none":
        break;
    case "floor":
        builder.Services.AddAuthentication("floor").AddScheme<AuthenticationSchemeOptions, FloorHandler>("floor", null);
        builder.Services.AddAuthorization();
        break;
    case "cache" or "nocache":
        builder.Services.AddAuthentication().AddSessionCluster(o => o.CacheValidations = mode == "cache");
        builder.Services.AddAuthorization();
        break;
    default:
        throw new InvalidOperationException($"APP_AUTH is none, floor, cache or nocache, not '{mode}'.");
}
var app = builder.Build();
if (mode == "none")
{
    app.MapGet("/me", () => Results.Json(new Me("anonymous")));
}
else
{
    app.UseAuthentication();
    app.UseAuthorization();
    app.MapGet("/me", (ClaimsPrincipal user) => Results.Json(new Me(user.Identity!.Name!))).RequireAuthorization();
}
app.Run();

internal sealed record Me(string User);

/// <summary>Any bearer header is user "floor": the framework's cost with a handler that does nothing.</summary>
internal sealed class FloorHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(Request.Headers.Authorization.Count == 0
            ? AuthenticateResult.NoResult()
            : AuthenticateResult.Success(new AuthenticationTicket(
                new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "floor")], Scheme.Name)), Scheme.Name)));
}
