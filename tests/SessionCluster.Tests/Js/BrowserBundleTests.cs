using System.Security.Cryptography;

namespace SessionCluster.Tests.Js;

/// <summary>
/// The committed clients/browser/dist (what the API serves, and what an app adds to its pages) is exactly what its
/// sources build to: a fresh esbuild build into a temporary folder must give the same files, byte for byte.
/// </summary>
public sealed class BrowserBundleTests
{
    [Fact]
    public async Task TheCommittedDistIsExactlyWhatTheSourcesBuildTo()
    {
        var package = Path.Combine(NodeTools.ClientsDirectory, "browser");
        NodeTools.Require(package);
        var fresh = Directory.CreateTempSubdirectory("sessioncluster-dist-").FullName;
        try
        {
            var (exitCode, output) = await NodeTools.RunAsync("node", ["scripts/build.mjs", fresh], package, TimeSpan.FromMinutes(3));
            Assert.True(exitCode == 0, $"the build failed ({exitCode}):\n{output}");
            var committed = Files(Path.Combine(package, "dist"));
            var built = Files(fresh);
            Assert.NotEmpty(built);
            Assert.Contains("sessioncluster.js", built.Keys);
            Assert.Contains("sessioncluster.mjs", built.Keys);
            var missing = built.Keys.Except(committed.Keys).ToList();
            var extra = committed.Keys.Except(built.Keys).ToList();
            var changed = built.Keys.Intersect(committed.Keys).Where(k => built[k] != committed[k]).ToList();
            Assert.True(missing.Count + extra.Count + changed.Count == 0,
                "clients/browser/dist differs from a fresh build; run 'npm run build' in clients/browser and commit dist/. " +
                $"not committed: [{string.Join(", ", missing)}], stale: [{string.Join(", ", extra)}], changed: [{string.Join(", ", changed)}]");
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(root, f).Replace('\\', '/'),
            f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))),
            StringComparer.Ordinal);
}
