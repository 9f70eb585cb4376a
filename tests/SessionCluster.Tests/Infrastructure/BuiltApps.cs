using System.Reflection;

namespace SessionCluster.Tests.Infrastructure;

/// <summary>Where the apps the tests run as real processes were built (same configuration as the tests).</summary>
public static class BuiltApps
{
    /// <summary>The build configuration of this run (Debug unless the tests were built otherwise).</summary>
    public static string Configuration { get; } =
        typeof(BuiltApps).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Silo => App("src/Silo", "SessionCluster.Silo");

    public static string Api => App("src/Api", "SessionCluster.Api");

    public static string ServiceClientSample => App("samples/ServiceClient", "SessionCluster.Samples.ServiceClient");

    public static string WebAppSample => App("samples/WebApp", "SessionCluster.Samples.WebApp");

    private static string App(string projectDir, string assembly)
    {
        var path = Path.Combine(RepositoryRoot, projectDir, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; run the tests through 'dotnet test' from the repository root.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SessionCluster.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("SessionCluster.sln not found above " + AppContext.BaseDirectory);
    }
}
