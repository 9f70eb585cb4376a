using System.Net;
using SessionCluster.Tests.Infrastructure;
using SessionCluster.Tests.Js;

namespace SessionCluster.Tests.Apps;

/// <summary>samples/express-app as a real node process against a real API: log in with the form, the protected page, sign out.</summary>
[Collection(ApiProcessCollection.Name)]
public sealed class ExpressSampleTests(ApiProcessFixture api)
{
    [Fact]
    public async Task TheFormLoginReachesTheProtectedPageAndSignOutEndsIt()
    {
        var directory = Path.Combine(BuiltApps.RepositoryRoot, "samples", "express-app");
        NodeTools.Require(directory);
        var port = FreePort.Next();
        await using var sample = ChildProcess.Start("express-sample", "node", ["server.js"], new Dictionary<string, string?>
        {
            ["SC_API_URL"] = api.Address.ToString(),
            ["SC_API_KEY"] = TestTenants.AcmeKey,
            ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, directory);
        var address = new Uri($"http://127.0.0.1:{port}");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await ProcessCluster.IsReadyAsync(address, "/login"))
        {
            Assert.False(sample.HasExited || DateTime.UtcNow > deadline, $"the sample did not start:\n{sample.Tail()}");
            await Task.Delay(200);
        }
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address };
        var user = TestTenants.NewUserId();

        var unauthenticated = new HttpRequestMessage(HttpMethod.Get, "/protected");
        unauthenticated.Headers.Accept.ParseAdd("text/html");
        var toLogin = await http.SendAsync(unauthenticated);
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);

        var wrong = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user, ["password"] = "nope" }));
        Assert.Equal("/login?error=1", wrong.Headers.Location?.OriginalString);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));

        var login = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user, ["password"] = "demo" }));
        Assert.Equal("/protected", login.Headers.Location?.OriginalString);
        var jar = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => !c.StartsWith("__Secure-sc-refresh", StringComparison.Ordinal)).ToList();
        var cookie = string.Join("; ", jar);
        var csrf = jar.Single(c => c.StartsWith("__Host-sc-csrf=", StringComparison.Ordinal)).Split('=', 2)[1];

        var protectedPage = new HttpRequestMessage(HttpMethod.Get, "/protected");
        protectedPage.Headers.Add("Cookie", cookie);
        var body = await (await http.SendAsync(protectedPage)).Content.ReadAsStringAsync();
        Assert.Contains(user, body, StringComparison.Ordinal);

        var logout = new HttpRequestMessage(HttpMethod.Post, "/logout");
        logout.Headers.Add("Cookie", cookie);
        logout.Headers.Add("X-CSRF-Token", csrf);
        Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(logout)).StatusCode);

        var after = new HttpRequestMessage(HttpMethod.Get, "/protected");
        after.Headers.Add("Cookie", cookie);
        await (await http.SendAsync(after)).AssertProblemAsync(401, "session_revoked");
    }
}
