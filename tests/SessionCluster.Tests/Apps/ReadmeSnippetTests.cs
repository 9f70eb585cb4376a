using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SessionCluster.AspNetCore.Client;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Apps;

/// <summary>The README's "Use it from your app" lines work as shown: these tests run exactly them.</summary>
[Collection(ApiProcessCollection.Name)]
public sealed class ReadmeSnippetTests(ApiProcessFixture api)
{
    /// <summary>The ASP.NET Core lines, as the README shows them (and as the test below runs them).</summary>
    private static readonly string[] AspNetCoreLines =
    [
        "builder.Services.AddAuthentication().AddSessionCluster();",
        "builder.Services.AddAuthorization();",
        "app.MapGet(\"/hello\", (ClaimsPrincipal user) => $\"Hello {user.Identity!.Name}\").RequireAuthorization();",
    ];

    /// <summary>The Express lines, as the README shows them and clients/express/test/express.test.js runs them.</summary>
    private static readonly string[] ExpressLines =
    [
        "import { sessionCluster, requireSession } from '@sessioncluster/express';",
        "app.use(sessionCluster({ baseUrl: API, apiKey: KEY }));",
        "app.get('/hello', requireSession(), (req, res) => res.send(`Hello ${req.sessionCluster.user}`));",
    ];

    private static string Readme => File.ReadAllText(Path.Combine(BuiltApps.RepositoryRoot, "README.md"));

    [Fact]
    public void TheReadmeShowsExactlyTheLinesTheTestsRun()
    {
        var readme = Readme;
        foreach (var line in AspNetCoreLines.Concat(ExpressLines))
        {
            Assert.Contains(line, readme, StringComparison.Ordinal);
        }
        var expressTest = File.ReadAllText(Path.Combine(BuiltApps.RepositoryRoot, "clients", "express", "test", "express.test.js"));
        foreach (var line in ExpressLines.Skip(1))
        {
            Assert.Contains(line, expressTest, StringComparison.Ordinal);
        }
        var thisFile = File.ReadAllText(Path.Combine(BuiltApps.RepositoryRoot, "tests", "SessionCluster.Tests", "Apps", "ReadmeSnippetTests.cs"));
        Assert.Contains("        " + AspNetCoreLines[0] + "\n        " + AspNetCoreLines[1] + "\n", thisFile, StringComparison.Ordinal);
        Assert.Contains("        " + AspNetCoreLines[2] + "\n", thisFile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAspNetCoreLinesAuthenticateARealSession()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["SessionCluster:Client:BaseUrl"] = api.Address.ToString();
        builder.Configuration["SessionCluster:Client:ApiKey"] = TestTenants.AcmeKey;
        builder.Services.AddAuthentication().AddSessionCluster();
        builder.Services.AddAuthorization();
        await using var app = builder.Build();
        app.MapGet("/hello", (ClaimsPrincipal user) => $"Hello {user.Identity!.Name}").RequireAuthorization();
        await app.StartAsync();

        var userId = TestTenants.NewUserId();
        var issued = await app.Services.GetRequiredService<ISessionClusterClient>().CreateSessionAsync(new NewSession { UserId = userId });
        var http = app.GetTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hello");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issued.AccessToken);
        Assert.Equal($"Hello {userId}", await (await http.SendAsync(request)).Content.ReadAsStringAsync());
        await (await http.GetAsync("/hello")).AssertProblemAsync(401, "token_invalid");
        await app.StopAsync();
    }
}
