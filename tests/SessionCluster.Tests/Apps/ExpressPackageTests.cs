using SessionCluster.Tests.Infrastructure;
using SessionCluster.Tests.Js;

namespace SessionCluster.Tests.Apps;

/// <summary>clients/express's own tests (node's test runner) against a real API process.</summary>
[Collection(ApiProcessCollection.Name)]
public sealed class ExpressPackageTests(ApiProcessFixture api)
{
    [Fact]
    public async Task TheExpressPackagesTestsPassAgainstARealApi()
    {
        var directory = Path.Combine(NodeTools.ClientsDirectory, "express");
        NodeTools.Require(directory);
        var (exitCode, output) = await NodeTools.RunAsync("npm", ["test", "--silent"], directory, TimeSpan.FromMinutes(3),
            new Dictionary<string, string> { ["SC_API_URL"] = api.Address.ToString(), ["SC_API_KEY"] = TestTenants.AcmeKey });
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.True(exitCode == 0, $"npm test in clients/express exited {exitCode}:\n{output}\nAPI:\n{api.Tail()}");
        Assert.DoesNotContain("# SC_API_URL", output, StringComparison.Ordinal);
        Assert.Contains("pass 7", output, StringComparison.Ordinal);
    }
}
