using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using SessionCluster.Hosting.Options;
using SessionCluster.Hosting.Security;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Unit;

/// <summary>
/// The start-up checks of SessionCluster:Tls and SessionCluster:Dashboard, and the peer check every TLS handshake of
/// the cluster runs, against certificates made here (a CA, members, strangers).
/// </summary>
public sealed class TransportSecurityOptionsTests : IDisposable
{
    private readonly TestCertificates _cluster = new("cluster CA");
    private readonly TestCertificates _stranger = new("someone else's CA");

    public void Dispose()
    {
        _cluster.Dispose();
        _stranger.Dispose();
    }

    private static ClusterTlsOptionsValidator Validator(string? redis = null) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis }).Build());

    private ClusterTlsOptions Member(string name = "silo", string[]? usages = null, DateTimeOffset? notAfter = null)
    {
        var (certificate, key) = _cluster.Issue(name, usages, notAfter: notAfter, notBefore: notAfter?.AddDays(-30));
        return new ClusterTlsOptions { Enabled = true, CertificatePath = certificate, KeyPath = key, CaPath = _cluster.CaPath };
    }

    [Fact]
    public void OffByDefaultAndValidWithNothingSet()
    {
        var options = new ClusterTlsOptions();

        Assert.False(options.Enabled);
        Assert.True(Validator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void AMemberCertificateOfTheClusterCaIsAccepted()
    {
        Assert.True(Validator("127.0.0.1:6379").Validate(null, Member()).Succeeded);
    }

    [Fact]
    public void EnabledWithoutTheFilesNamesEachMissingSetting()
    {
        var result = Validator().Validate(null, new ClusterTlsOptions { Enabled = true, CaPath = "/nonexistent/ca.crt" });

        Assert.True(result.Failed);
        Assert.Contains("SessionCluster:Tls:CertificatePath must name", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("SessionCluster:Tls:KeyPath must name", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("SessionCluster:Tls:CaPath: /nonexistent/ca.crt does not exist", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void PathsWithoutEnabledStopTheStartRatherThanRunInClear()
    {
        var options = Member();
        options.Enabled = false;

        var result = Validator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("SessionCluster:Tls:CertificatePath is set but SessionCluster:Tls:Enabled is not true", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ACertificateOfAnotherCaAKeyThatDoesNotMatchAnExpiredOneOrOneForOneSideOnlyIsRefused()
    {
        var (foreign, foreignKey) = _stranger.Issue("intruder");
        var (_, otherKey) = _cluster.Issue("other");
        var wrongKey = Member("mismatched");
        wrongKey.KeyPath = otherKey;
        var caIsAKey = Member("ca-is-a-key");
        caIsAKey.CaPath = caIsAKey.KeyPath;
        var cases = new Dictionary<string, ClusterTlsOptions>
        {
            ["another CA"] = new() { Enabled = true, CertificatePath = foreign, KeyPath = foreignKey, CaPath = _cluster.CaPath },
            ["wrong key"] = wrongKey,
            ["expired"] = Member("expired", notAfter: DateTimeOffset.UtcNow.AddDays(-1)),
            ["server only"] = Member("server-only", usages: [TestCertificates.ServerAuth]),
            ["client only"] = Member("client-only", usages: [TestCertificates.ClientAuth]),
            ["not a CA file"] = caIsAKey,
        };
        foreach (var (name, options) in cases)
        {
            var result = Validator().Validate(null, options);
            Assert.True(result.Failed, $"{name}: accepted");
            Assert.Contains("SessionCluster:Tls:", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void APeerIsTrustedOnlyWhenItChainsToTheClusterCaForItsSideOfTheHandshake()
    {
        var authorities = ClusterCertificates.LoadAuthorities(_cluster.CaPath);
        using var member = Load(_cluster.Issue("member"));
        using var stranger = Load(_stranger.Issue("stranger"));
        using var serverOnly = Load(_cluster.Issue("server-only", [TestCertificates.ServerAuth]));
        using var expired = Load(_cluster.Issue("expired", notBefore: DateTimeOffset.UtcNow.AddDays(-10), notAfter: DateTimeOffset.UtcNow.AddDays(-1)));

        Assert.True(ClusterCertificates.ChainsTo(member, authorities, ClusterCertificates.ServerAuth, out _));
        Assert.True(ClusterCertificates.ChainsTo(member, authorities, ClusterCertificates.ClientAuth, out _));
        Assert.False(ClusterCertificates.ChainsTo(stranger, authorities, ClusterCertificates.ClientAuth, out var untrusted));
        Assert.NotEmpty(untrusted);
        Assert.True(ClusterCertificates.ChainsTo(serverOnly, authorities, ClusterCertificates.ServerAuth, out _));
        Assert.False(ClusterCertificates.ChainsTo(serverOnly, authorities, ClusterCertificates.ClientAuth, out _));
        Assert.False(ClusterCertificates.ChainsTo(expired, authorities, ClusterCertificates.ClientAuth, out _));
        // The system's roots play no part: the CA's own self-signed certificate is no member.
        using var caItself = X509CertificateLoader.LoadCertificateFromFile(_stranger.CaPath);
        Assert.False(ClusterCertificates.ChainsTo(caItself, authorities, ClusterCertificates.ClientAuth, out _));
    }

    [Fact]
    public void ACaBundleTrustsTheMembersOfEitherCaWhileTheCaRotates()
    {
        var bundle = Path.Combine(_cluster.Directory, "bundle.crt");
        File.WriteAllText(bundle, File.ReadAllText(_cluster.CaPath) + "\n" + File.ReadAllText(_stranger.CaPath) + "\n");
        using var old = Load(_cluster.Issue("old-member"));
        using var renewed = Load(_stranger.Issue("new-member"));
        var authorities = ClusterCertificates.LoadAuthorities(bundle);

        Assert.Equal(2, authorities.Count);
        Assert.True(ClusterCertificates.ChainsTo(old, authorities, ClusterCertificates.ClientAuth, out _));
        Assert.True(ClusterCertificates.ChainsTo(renewed, authorities, ClusterCertificates.ServerAuth, out _));
        var member = Member("bundled");
        member.CaPath = bundle;
        Assert.True(Validator().Validate(null, member).Succeeded);
    }

    [Fact]
    public void RedisTlsSettingsNeedSslInTheConnectionStringAndReadableFiles()
    {
        var (certificate, key) = _cluster.Issue("redis-client");

        Assert.True(Validator("127.0.0.1:6380,ssl=true,sslHost=redis.test").Validate(null,
            new ClusterTlsOptions { RedisCaPath = _cluster.CaPath, RedisCertificatePath = certificate, RedisKeyPath = key }).Succeeded);

        var plain = Validator("127.0.0.1:6380").Validate(null, new ClusterTlsOptions { RedisCaPath = _cluster.CaPath });
        Assert.True(plain.Failed);
        Assert.Contains("ConnectionStrings:redis does not turn TLS on: add ssl=true", plain.FailureMessage, StringComparison.Ordinal);

        var missing = Validator("127.0.0.1:6380,ssl=true").Validate(null, new ClusterTlsOptions { RedisCaPath = "/nonexistent/redis-ca.crt", RedisKeyPath = key });
        Assert.True(missing.Failed);
        Assert.Contains("SessionCluster:Tls:RedisCaPath: /nonexistent/redis-ca.crt does not exist", missing.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("SessionCluster:Tls:RedisKeyPath is set without SessionCluster:Tls:RedisCertificatePath", missing.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short-key", false)]
    [InlineData("0123456789abcdef0123456789abcde", false)] // 31 characters
    [InlineData("0123456789abcdef0123456789abcdef", true)] // 32 characters
    [InlineData(null, true)] // no dashboard
    public void TheDashboardKeyMustBeAtLeast32Characters(string? key, bool valid)
    {
        var result = new AdminDashboardOptionsValidator().Validate(null, new AdminDashboardOptions { AdminKey = key });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("SessionCluster:Dashboard:AdminKey must be at least 32 characters", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheDashboardHidesItsSensitiveViewsByDefault()
    {
        Assert.False(new AdminDashboardOptions().SensitiveViews);
        Assert.True(new AdminDashboardOptionsValidator().Validate(null, new AdminDashboardOptions { SensitiveViews = true }).Failed);
    }

    private static X509Certificate2 Load((string Certificate, string Key) files) => ClusterCertificates.LoadCertificate(files.Certificate, files.Key);
}
