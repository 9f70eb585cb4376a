using System.Reflection;
using System.Text.RegularExpressions;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Unit;

/// <summary>docs/security.md names the test behind each requirement: every name must be a test that exists.</summary>
public sealed partial class SecurityDocTests
{
    /// <summary>"`Folder/Class`", "`Folder/Class.Method`", or "`.Method`": a sibling of the class cited before it on the line.</summary>
    [GeneratedRegex(@"`(Unit|Cluster|Api|Redis|Deploy|Browser|Js)/(\w+)(?:\.(\w+))?`|`\.(\w+)`")]
    private static partial Regex TestReference();

    [Fact]
    public void EveryTestTheSecurityDocumentCitesExists()
    {
        var text = File.ReadAllText(Path.Combine(BuiltApps.RepositoryRoot, "docs", "security.md"));
        var types = typeof(SecurityDocTests).Assembly.GetTypes();
        var missing = new List<string>();
        var cited = 0;
        foreach (var line in text.Split('\n'))
        {
            Type? last = null;
            foreach (Match m in TestReference().Matches(line))
            {
                if (m.Groups[1].Success)
                {
                    var ns = $"SessionCluster.Tests.{m.Groups[1].Value}";
                    last = types.SingleOrDefault(t => t.Namespace == ns && t.Name == m.Groups[2].Value);
                    if (last is null)
                    {
                        missing.Add(m.Value);
                        continue;
                    }
                    if (m.Groups[3].Success && !HasTest(last, m.Groups[3].Value))
                    {
                        missing.Add(m.Value);
                    }
                }
                else if (last is null || !HasTest(last, m.Groups[4].Value))
                {
                    missing.Add(m.Value);
                }
                cited++;
            }
        }
        Assert.True(cited > 40, $"only {cited} test references found; has the document's format changed?");
        Assert.True(missing.Count == 0, "docs/security.md cites tests that do not exist: " + string.Join(", ", missing));
    }

    private static bool HasTest(Type type, string method) =>
        type.GetMethod(method, BindingFlags.Public | BindingFlags.Instance) is { } m
        && (m.GetCustomAttribute<FactAttribute>() is not null || m.GetCustomAttribute<TheoryAttribute>() is not null);
}
