using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SessionCluster.Grains;
using SessionCluster.Grains.Domain;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Unit;

public sealed class AtRestCipherTests
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static AtRestCipher Cipher(string? active, params (string Id, string Key)[] keys)
    {
        var options = new EncryptionOptions { ActiveKeyId = active };
        foreach (var (id, key) in keys)
        {
            options.Keys[id] = key;
        }
        Assert.True(new EncryptionOptionsValidator().Validate(null, options).Succeeded);
        return new AtRestCipher(Options.Create(options));
    }

    [Fact]
    public void SealedTextOpensOnlyInItsOwnContextAndHidesThePlaintext()
    {
        var cipher = Cipher(null, ("a", KeyA));
        const string data = """{"cart":"PLAINTEXT-MARKER"}""";

        var sealedValue = cipher.SealText(data, "session/acme/s1/data");

        Assert.Equal(data, cipher.OpenText(sealedValue, "session/acme/s1/data"));
        Assert.DoesNotContain("PLAINTEXT-MARKER", Encoding.UTF8.GetString(sealedValue), StringComparison.Ordinal);
        Assert.NotEqual(sealedValue, cipher.SealText(data, "session/acme/s1/data")); // fresh nonce every time
        // Copied into another session's (or tenant's) state, it does not open.
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedValue, "session/acme/s2/data"));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedValue, "session/other/s1/data"));
    }

    [Fact]
    public void ATamperedValueDoesNotOpen()
    {
        var cipher = Cipher(null, ("a", KeyA));
        var sealedValue = cipher.SealText("{}", "ctx");
        sealedValue[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedValue, "ctx"));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open([1, 2, 3], "ctx"));
    }

    [Fact]
    public void RotationKeepsOldValuesReadableAndMarksThemForResealing()
    {
        var before = Cipher(null, ("2026-01", KeyA));
        var old = before.SealText("secret", "ctx");
        Assert.False(before.NeedsResealing(old));

        // Step 1 of a rotation: the new key is added and made active; the old one stays.
        var during = Cipher("2026-11", ("2026-01", KeyA), ("2026-11", KeyB));
        Assert.Equal("secret", during.OpenText(old, "ctx"));
        Assert.True(during.NeedsResealing(old));
        var resealed = during.SealText("secret", "ctx");
        Assert.False(during.NeedsResealing(resealed));

        // Step 2: once nothing is sealed with the old key, it goes; what was resealed still opens.
        var after = Cipher(null, ("2026-11", KeyB));
        Assert.Equal("secret", after.OpenText(resealed, "ctx"));
        var missing = Assert.ThrowsAny<CryptographicException>(() => after.Open(old, "ctx"));
        Assert.Contains("'2026-01'", missing.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "must hold at least one key")]
    [InlineData("not base64!", null, "must be exactly 32 bytes")]
    [InlineData("c2hvcnQ=", null, "must be exactly 32 bytes")]
    [InlineData("VALID", "missing", "is not one of")]
    public void BadEncryptionSettingsAreRefusedAtStartWithTheSettingNamed(string? key, string? active, string message)
    {
        var values = new Dictionary<string, string?> { ["SessionCluster:Encryption:ActiveKeyId"] = active };
        if (key is not null)
        {
            values["SessionCluster:Encryption:Keys:k1"] = key == "VALID" ? KeyA : key;
        }
        var options = new EncryptionOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(EncryptionOptions.SectionName).Bind(options);

        var result = new EncryptionOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("SessionCluster:Encryption", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralKeysNeedAnActiveOne()
    {
        var options = new EncryptionOptions { Keys = { ["a"] = KeyA, ["b"] = KeyB } };
        Assert.Contains("ActiveKeyId", new EncryptionOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTestConfigurationCarriesAValidKey()
    {
        var options = new EncryptionOptions();
        new ConfigurationBuilder().AddInMemoryCollection(TestTenants.Configuration()).Build().GetSection(EncryptionOptions.SectionName).Bind(options);
        Assert.True(new EncryptionOptionsValidator().Validate(null, options).Succeeded);
    }
}
