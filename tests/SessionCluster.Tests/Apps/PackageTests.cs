using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Apps;

/// <summary>
/// SessionCluster.AspNetCore packs as a NuGet package an app can install: the assembly with its XML docs, the README
/// shown on the package page, the license, and its dependencies (packed from the build the test run already made).
/// </summary>
public sealed class PackageTests
{
    [Fact]
    public async Task TheAspNetCorePackageCarriesItsDocsReadmeAndDependencies()
    {
        var output = Directory.CreateTempSubdirectory("sc-pack-");
        try
        {
            var project = Path.Combine(BuiltApps.RepositoryRoot, "src", "AspNetCore", "SessionCluster.AspNetCore.csproj");
            var start = new ProcessStartInfo("dotnet", ["pack", project, "--no-build", "-c", BuiltApps.Configuration, "-o", output.FullName, "--nologo"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var pack = Process.Start(start)!;
            var stdout = pack.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = pack.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
            {
                timeout.CancelAfter(TimeSpan.FromMinutes(3));
                await pack.WaitForExitAsync(timeout.Token);
            }
            Assert.True(pack.ExitCode == 0, $"dotnet pack failed:\n{await stdout}\n{await stderr}");

            var package = Assert.Single(output.GetFiles("SessionCluster.AspNetCore.*.nupkg"));
            using var zip = ZipFile.OpenRead(package.FullName);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("lib/net10.0/SessionCluster.AspNetCore.dll", entries);
            Assert.Contains("lib/net10.0/SessionCluster.AspNetCore.xml", entries);
            Assert.Contains("README.md", entries);

            XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
            await using var nuspecStream = zip.GetEntry("SessionCluster.AspNetCore.nuspec")!.Open();
            var nuspec = XDocument.Load(nuspecStream);
            var metadata = nuspec.Root!.Element(ns + "metadata")!;
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
            var dependencies = metadata.Descendants(ns + "dependency").Select(d => (string)d.Attribute("id")!).ToList();
            Assert.Contains("SessionCluster.Abstractions", dependencies);
            Assert.Contains("Microsoft.Extensions.Http.Resilience", dependencies);
            Assert.Contains(metadata.Descendants(ns + "frameworkReference"), f => (string?)f.Attribute("name") == "Microsoft.AspNetCore.App");

            // The docs are the package's own: every public type of the handler documented.
            await using var docs = zip.GetEntry("lib/net10.0/SessionCluster.AspNetCore.xml")!.Open();
            var members = XDocument.Load(docs).Descendants("member").Select(m => (string)m.Attribute("name")!).ToHashSet();
            Assert.Contains("T:SessionCluster.AspNetCore.Authentication.SessionClusterAuthenticationHandler", members);
            Assert.Contains("T:SessionCluster.AspNetCore.Client.ISessionClusterClient", members);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
