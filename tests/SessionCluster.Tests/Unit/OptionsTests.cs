using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SessionCluster.Api.Http;
using SessionCluster.Grains;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Unit;

public sealed class OptionsTests
{
    private static SessionClusterOptions Bind(Dictionary<string, string?> values)
    {
        var options = new SessionClusterOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("SessionCluster").Bind(options);
        return options;
    }

    [Fact]
    public void TestConfigurationIsValidAndBindsEveryPolicyKey()
    {
        var options = Bind(TestTenants.Configuration());

        Assert.True(new SessionClusterOptionsValidator().Validate(null, options).Succeeded);
        var acme = options.Tenants["acme"].Policy;
        Assert.Equal(TimeSpan.FromMinutes(30), acme.IdleTimeout);
        Assert.Equal(TimeSpan.FromHours(1), acme.Aal2IdleTimeout);
        Assert.Equal(SessionLimitAction.EvictOldest, options.Tenants["evicting"].Policy.SessionLimitAction);
        Assert.Equal(2, options.Tenants["limited"].Policy.MaxSessionsPerUser);
    }

    [Theory]
    [InlineData("SessionCluster:Tenants:Bad_Tenant:ApiKeys:0", "k-1", "SessionCluster:Tenants:Bad_Tenant")]
    [InlineData("SessionCluster:Tenants:t1:ApiKeys:0", "sha256:abc", "SessionCluster:Tenants:t1:ApiKeys:0")]
    [InlineData("SessionCluster:Tenants:t1:Policy:IdleTimeout", "-00:01:00", "SessionCluster:Tenants:t1:Policy:IdleTimeout")]
    [InlineData("SessionCluster:Tenants:t1:Policy:AccessTokenLifetime", "00:00:00", "SessionCluster:Tenants:t1:Policy:AccessTokenLifetime")]
    [InlineData("SessionCluster:Tenants:t1:Policy:MaxSessionsPerUser", "-1", "SessionCluster:Tenants:t1:Policy:MaxSessionsPerUser")]
    [InlineData("SessionCluster:Tenants:t1:Policy:WarningLead", "-00:00:01", "SessionCluster:Tenants:t1:Policy:WarningLead")]
    public void InvalidSettingsAreNamedInTheError(string key, string value, string named)
    {
        var result = new SessionClusterOptionsValidator().Validate(null, Bind(new() { [key] = value }));

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyBelongsToOneTenant()
    {
        var result = new SessionClusterOptionsValidator().Validate(null, Bind(new()
        {
            ["SessionCluster:Tenants:t1:ApiKeys:0"] = "shared-key",
            ["SessionCluster:Tenants:t2:ApiKeys:0"] = "shared-key",
        }));

        Assert.True(result.Failed);
        Assert.Contains("exactly one tenant", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyIsOneKeyPlainOrHashedAndCaseMatters()
    {
        var hashed = "sha256:" + ApiKeyRegistry.HashHex("shared-key").ToUpperInvariant();
        var same = new SessionClusterOptionsValidator().Validate(null, Bind(new()
        {
            ["SessionCluster:Tenants:t1:ApiKeys:0"] = "shared-key",
            ["SessionCluster:Tenants:t2:ApiKeys:0"] = hashed,
        }));
        Assert.True(same.Failed);
        Assert.Contains("exactly one tenant", same.FailureMessage, StringComparison.Ordinal);

        var differentCase = new SessionClusterOptionsValidator().Validate(null, Bind(new()
        {
            ["SessionCluster:Tenants:t1:ApiKeys:0"] = "Shared-Key",
            ["SessionCluster:Tenants:t2:ApiKeys:0"] = "shared-key",
        }));
        Assert.True(differentCase.Succeeded, differentCase.FailureMessage); // the registry tells them apart, so may the config
    }

    [Fact]
    public void ApiKeysResolveToTheirTenantPlainOrHashed()
    {
        var registry = new ApiKeyRegistry(new StaticMonitor(Bind(TestTenants.Configuration())));

        Assert.True(registry.TryGetTenant(TestTenants.AcmeKey, out var t1, out _));
        Assert.Equal("acme", t1);
        Assert.True(registry.TryGetTenant(TestTenants.AcmeHashedPlainKey, out var t2, out _));
        Assert.Equal("acme", t2);
        Assert.True(registry.TryGetTenant(TestTenants.OtherKey, out var t3, out _));
        Assert.Equal("other", t3);
        Assert.False(registry.TryGetTenant("acme-key-2", out _, out _));
        Assert.False(registry.TryGetTenant("", out _, out _));
        Assert.False(registry.TryGetTenant(null, out _, out _));
        // The configured hash itself is not a key.
        Assert.False(registry.TryGetTenant(ApiKeyRegistry.HashHex(TestTenants.AcmeHashedPlainKey), out _, out _));
    }

    private sealed class StaticMonitor(SessionClusterOptions value) : IOptionsMonitor<SessionClusterOptions>
    {
        public SessionClusterOptions CurrentValue => value;

        public SessionClusterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SessionClusterOptions, string?> listener) => null;
    }
}
