namespace SessionCluster.Tests.Js;

/// <summary>Every clients/* package's own unit tests (npm test: node's test runner), run by dotnet test.</summary>
public sealed class NodePackageTests
{
    public static TheoryData<string> Packages() => [.. NodeTools.PackagesWithTests()];

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task ThePackagesOwnTestsPass(string package)
    {
        var directory = Path.Combine(NodeTools.ClientsDirectory, package);
        NodeTools.Require(directory);
        var (exitCode, output) = await NodeTools.RunAsync("npm", ["test", "--silent"], directory, TimeSpan.FromMinutes(5));
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.True(exitCode == 0, $"npm test in clients/{package} exited {exitCode}:\n{output}");
    }
}
