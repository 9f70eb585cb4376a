using SessionCluster.Grains.Domain;

namespace SessionCluster.Tests.Unit;

public sealed class SessionTokenTests
{
    private static readonly string Sid = TokenCrypto.NewSessionId();
    private static readonly string Secret = TokenCrypto.NewSecret();

    [Fact]
    public void FormattedTokenParsesBackToItsParts()
    {
        var token = SessionToken.Format("acme", Sid, Secret);

        Assert.True(SessionToken.TryParse(token, out var tenant, out var sid, out var secret));
        Assert.Equal(("acme", Sid, Secret), (tenant, sid, secret));
    }

    [Fact]
    public void TokensAreUrlSafe()
    {
        var token = SessionToken.Format("acme-2", Sid, Secret);

        Assert.Equal(token, Uri.EscapeDataString(token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("acme")]
    [InlineData("acme..")]
    [InlineData("Acme.{sid}.{secret}")] // tenant ids are lowercase
    [InlineData("-acme.{sid}.{secret}")]
    [InlineData("ac/me.{sid}.{secret}")]
    [InlineData(".{sid}.{secret}")]
    [InlineData("acme.{sid}.{secret}x")]
    [InlineData("acme.{sid}x.{secret}")]
    [InlineData("acme.{sid}.{secret}.")]
    [InlineData("acme {sid}.{secret}")]
    [InlineData("acme.{sid}.+{secret43}")]
    [InlineData("acme.{sid}.={secret43}")]
    public void MalformedTokensAreRejected(string? template)
    {
        var token = template?.Replace("{sid}", Sid, StringComparison.Ordinal)
            .Replace("{secret43}", Secret[1..], StringComparison.Ordinal)
            .Replace("{secret}", Secret, StringComparison.Ordinal);

        Assert.False(SessionToken.TryParse(token, out _, out _, out _));
    }

    [Fact]
    public void OverlongTenantIsRejected()
    {
        Assert.False(SessionToken.TryParse(SessionToken.Format(new string('a', 64), Sid, Secret), out _, out _, out _));
        Assert.True(SessionToken.TryParse(SessionToken.Format(new string('a', 63), Sid, Secret), out _, out _, out _));
    }

    [Fact]
    public void NonCanonicalBase64IsRejected()
    {
        // 43 base64url chars carry 258 bits; the last char's low two bits must be zero in canonical form.
        var last = Secret[^1];
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var index = alphabet.IndexOf(last, StringComparison.Ordinal);
        var tampered = Secret[..^1] + alphabet[(index & ~3) | 1];

        Assert.False(SessionToken.TryParse(SessionToken.Format("acme", Sid, tampered), out _, out _, out _));
    }

    [Fact]
    public void SessionIdShapeIsChecked()
    {
        Assert.True(SessionToken.IsSessionId(Sid));
        Assert.False(SessionToken.IsSessionId(Sid.AsSpan(1)));
        Assert.False(SessionToken.IsSessionId("../../../etc/passwd...."));
    }
}

public sealed class UserCodeTests
{
    [Theory]
    [InlineData("BCDF-GHJK", "BCDFGHJK")]
    [InlineData("bcdf ghjk", "BCDFGHJK")]
    [InlineData("bcdfghjk", "BCDFGHJK")]
    [InlineData("BCDF-GHJA", null)] // vowels are not in the alphabet
    [InlineData("BCDF-GHJ", null)]
    [InlineData("BCDF-GHJKL", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void TypedCodesAreNormalized(string? typed, string? normalized) => Assert.Equal(normalized, UserCodes.Normalize(typed));

    [Fact]
    public void CodesDisplayWithADash() => Assert.Equal("BCDF-GHJK", UserCodes.Display("BCDFGHJK"));
}
