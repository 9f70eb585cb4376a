using System.Buffers.Text;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Tests.Unit;

public sealed class TokenCryptoTests
{
    [Fact]
    public void SecretsCarry256RandomBits()
    {
        var secrets = Enumerable.Range(0, 1000).Select(_ => TokenCrypto.NewSecret()).ToList();

        Assert.All(secrets, s => Assert.Equal(32, Base64Url.DecodeFromChars(s).Length));
        Assert.Equal(secrets.Count, secrets.Distinct().Count());
    }

    [Fact]
    public void SessionIdsCarry128RandomBits()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => TokenCrypto.NewSessionId()).ToList();

        Assert.All(ids, s => Assert.Equal(16, Base64Url.DecodeFromChars(s).Length));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void OnlyTheSecretMatchesItsHash()
    {
        var secret = TokenCrypto.NewSecret();
        var hash = TokenCrypto.Hash(secret);

        Assert.True(TokenCrypto.Matches(secret, hash));
        Assert.False(TokenCrypto.Matches(TokenCrypto.NewSecret(), hash));
        Assert.False(TokenCrypto.Matches(secret, null));
        Assert.False(TokenCrypto.Matches(secret, new byte[5]));
        Assert.False(TokenCrypto.Matches(new string('x', 5000), hash));
        Assert.DoesNotContain(secret, Convert.ToBase64String(hash), StringComparison.Ordinal);
    }

    [Fact]
    public void DerivedPairIsReproducibleOnlyWithTheSameRefreshSecretAndNonce()
    {
        var refresh = TokenCrypto.NewSecret();
        var nonce = TokenCrypto.NewNonce();

        var first = TokenCrypto.DerivePair(refresh, nonce);
        var again = TokenCrypto.DerivePair(refresh, nonce);
        var otherNonce = TokenCrypto.DerivePair(refresh, TokenCrypto.NewNonce());
        var otherSecret = TokenCrypto.DerivePair(TokenCrypto.NewSecret(), nonce);

        Assert.Equal(first, again);
        Assert.NotEqual(first.AccessSecret, first.RefreshSecret);
        Assert.NotEqual(first, otherNonce);
        Assert.NotEqual(first, otherSecret);
        Assert.Equal(SessionToken.SecretLength, first.AccessSecret.Length);
    }

    [Fact]
    public void CsrfTokenIsBoundToTheAccessSecret()
    {
        var access = TokenCrypto.NewSecret();

        Assert.Equal(TokenCrypto.CsrfFor(access), TokenCrypto.CsrfFor(access));
        Assert.NotEqual(TokenCrypto.CsrfFor(access), TokenCrypto.CsrfFor(TokenCrypto.NewSecret()));
        Assert.NotEqual(access, TokenCrypto.CsrfFor(access));
    }
}
