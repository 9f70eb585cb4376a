using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using SessionCluster.AspNetCore.Authentication;
using SessionCluster.AspNetCore.Client;
using Yarp.ReverseProxy.Configuration;

// A web app with its own login form (one fixed demo password: Demo:Password) whose sessions SessionCluster owns.
var builder = WebApplication.CreateBuilder(args);
// The sample's defaults, under every other source (environment, command line): a local API in Development (tenant
// "dev"). In code, not appsettings.json, because the tests build this project next to the API and one file would
// overwrite the other in their output folder.
builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
{
    InitialData = new Dictionary<string, string?>
    {
        ["SessionCluster:Client:BaseUrl"] = "http://127.0.0.1:5080",
        ["SessionCluster:Client:ApiKey"] = "dev-key",
        ["SessionCluster:Client:LoginPath"] = "/login",
        ["SessionCluster:Client:CacheValidations"] = "true",
        ["Demo:Password"] = "demo",
    },
});
builder.Services.AddAuthentication().AddSessionCluster();
builder.Services.AddAuthorization();
builder.Services.AddAntiforgery();
// The account page's components (clients/browser, served by SessionCluster at /account) call /v1/me on their own
// origin with the cookies this app's sign-in set: so this app passes /account and /v1/me to SessionCluster.
builder.Services.AddReverseProxy().LoadFromMemory(
    [
        new RouteConfig { RouteId = "account", ClusterId = "sessioncluster", Match = new RouteMatch { Path = "/account/{**rest}" } },
        new RouteConfig { RouteId = "me", ClusterId = "sessioncluster", Match = new RouteMatch { Path = "/v1/me/{**rest}" } },
    ],
    [
        new ClusterConfig
        {
            ClusterId = "sessioncluster",
            Destinations = new Dictionary<string, DestinationConfig>
            {
                ["api"] = new() { Address = builder.Configuration["SessionCluster:Client:BaseUrl"]! },
            },
        },
    ]);

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapReverseProxy();
app.MapGet("/", () => Results.Redirect("/protected"));
// The page's one script, served from the assembly (no inline script, so a strict CSP would hold).
app.MapGet("/app.js", () => Results.Text(AppScript, "text/javascript; charset=utf-8"));
app.MapGet("/login", (HttpContext context, IAntiforgery antiforgery, string? error) => Page("Sign in", LoginForm(antiforgery.GetAndStoreTokens(context), error)));
app.MapPost("/login", async (HttpContext context, IConfiguration config, [Microsoft.AspNetCore.Mvc.FromForm] string user, [Microsoft.AspNetCore.Mvc.FromForm] string password, string? returnUrl) =>
{
    if (string.IsNullOrWhiteSpace(user) || password != config["Demo:Password"])
    {
        return Results.Redirect("/login?error=1");
    }
    try
    {
        await context.SignInToSessionClusterAsync(user.Trim(), new() { Device = new DeviceDetails(Name: "Web browser", Type: "browser") });
    }
    catch (SessionClusterUnavailableException)
    {
        return Results.Text("SessionCluster is unavailable; try again in a moment.", statusCode: 503);
    }
    // Only local paths: the login page is not an open redirect.
    return Results.Redirect(returnUrl is { Length: > 1 } back && back.StartsWith('/') && !back.StartsWith("//", StringComparison.Ordinal) ? back : "/protected");
});
app.MapGet("/protected", (ClaimsPrincipal user) => Page("Protected", $"""
    <p>Signed in as <strong id="user">{Enc(user.Identity!.Name)}</strong>
       (session <code>{Enc(user.FindFirst(SessionClusterClaims.SessionId)?.Value)}</code>, AAL {Enc(user.FindFirst(SessionClusterClaims.Aal)?.Value)}).</p>
    <p><a id="account" href="/account">Your sessions and devices</a></p>
    <button id="sign-out" type="button">Sign out</button>
    <button id="sign-out-everywhere" type="button">Sign out everywhere</button>
    <script src="/app.js"></script>
    """)).RequireAuthorization();
// Called by /app.js with the X-CSRF-Token header (cookie mode's CSRF rule: the handler checks it on unsafe methods).
app.MapPost("/logout", async (HttpContext context, bool? everywhere) =>
{
    await context.SignOutOfSessionClusterAsync(everywhere ?? false);
    return Results.NoContent();
}).RequireAuthorization().DisableAntiforgery();

app.Run();

static string Enc(string? text) => WebUtility.HtmlEncode(text ?? "");

static string LoginForm(AntiforgeryTokenSet tokens, string? error) => $"""
    {(error is null ? "" : "<p role=\"alert\" id=\"error\">Wrong user or password.</p>")}
    <form method="post" action="/login">
      <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
      <label>User <input name="user" id="login-user" autocomplete="username" required></label>
      <label>Password <input name="password" id="login-password" type="password" autocomplete="current-password" required></label>
      <button type="submit" id="login-submit">Sign in</button>
    </form>
    <p>Demo: any user name, password <code>demo</code>.</p>
    """;

static IResult Page(string title, string body) => Results.Content($"""
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><title>{title} · SessionCluster sample</title></head>
    <body><main><h1>{title}</h1>{body}</main></body></html>
    """, "text/html; charset=utf-8");

partial class Program
{
    private const string AppScript = """
// Sign-out buttons: cookie mode's CSRF rule wants the __Host-sc-csrf cookie's value in X-CSRF-Token.
const csrf = () => (document.cookie.split('; ').find((c) => c.startsWith('__Host-sc-csrf=')) ?? '').split('=')[1] ?? '';
async function signOut(everywhere) {
  const response = await fetch(`/logout?everywhere=${everywhere}`, { method: 'POST', headers: { 'X-CSRF-Token': csrf() } });
  if (response.ok || response.status === 401) location.href = '/login';
  else alert('Could not sign out right now; try again.');
}
document.getElementById('sign-out')?.addEventListener('click', () => signOut(false));
document.getElementById('sign-out-everywhere')?.addEventListener('click', () => signOut(true));
""";
}
