using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SessionCluster.Grains;
using SessionCluster.Grains.Domain;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Unit;

/// <summary>The session grain's rules without a cluster: refresh rotation and sealed data.</summary>
public sealed class SessionRulesTests
{
    private static readonly DateTimeOffset T = TestTenants.Epoch;
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private static (SessionState Session, string Refresh) Issued()
    {
        var refresh = TokenCrypto.NewSecret();
        return (new SessionState { UserId = "u", RefreshHash = TokenCrypto.Hash(refresh) }, refresh);
    }

    /// <summary>A rotation as the grain makes it: the new refresh hash issued, the nonce kept (sealed there; opaque here).</summary>
    private static string Rotate(SessionState session, string refresh, DateTimeOffset at)
    {
        var (_, next, nonce) = RefreshRotation.Rotate(session, refresh, at);
        session.RefreshHash = TokenCrypto.Hash(next);
        session.SealedRotationNonce = nonce;
        return next;
    }

    [Fact]
    public void TheCurrentTokenRotatesAndThePreviousOneRepeatsTheSamePairOnlyInsideTheGrace()
    {
        var (session, first) = Issued();
        Assert.Equal(RefreshKind.Current, RefreshRotation.Classify(session, first, T, Grace));

        var (access, second, nonce) = RefreshRotation.Rotate(session, first, T);
        session.RefreshHash = TokenCrypto.Hash(second);
        Assert.Equal(RefreshKind.Reused, RefreshRotation.Classify(session, first, T, Grace)); // no nonce kept: nothing to repeat
        session.SealedRotationNonce = nonce;
        Assert.Equal(1, session.Generation);
        Assert.Equal(RefreshKind.Current, RefreshRotation.Classify(session, second, T, Grace));
        Assert.Equal(RefreshKind.GraceRepeat, RefreshRotation.Classify(session, first, T + Grace, Grace));
        Assert.Equal((access, second), RefreshRotation.RepeatPair(first, nonce)); // the very same pair, never stored
        Assert.Equal(RefreshKind.Reused, RefreshRotation.Classify(session, first, T + Grace + TimeSpan.FromMilliseconds(1), Grace));
        Assert.Equal(RefreshKind.Unknown, RefreshRotation.Classify(session, TokenCrypto.NewSecret(), T, Grace));
    }

    [Fact]
    public void OlderSpentTokensAreRecognisedAsReuseUpToTheKeptBound()
    {
        var (session, token) = Issued();
        var spent = new List<string>();
        for (var i = 0; i < RefreshRotation.SpentHashesKept + 3; i++)
        {
            spent.Add(token);
            token = Rotate(session, token, T.AddMinutes(i));
        }
        var later = T.AddHours(1);
        Assert.Equal(RefreshRotation.SpentHashesKept, session.SpentRefreshHashes.Count);
        // The last rotated one (previous) plus the kept spent ones read as reuse; older ones are unknown.
        var reused = spent.Count(s => RefreshRotation.Classify(session, s, later, Grace) == RefreshKind.Reused);
        Assert.Equal(RefreshRotation.SpentHashesKept + 1, reused);
        Assert.Equal(RefreshKind.Unknown, RefreshRotation.Classify(session, spent[0], later, Grace));
    }

    [Fact]
    public void SpendingAllLeavesNoTokenCurrentOrRepeatable()
    {
        var (session, first) = Issued();
        var second = Rotate(session, first, T);

        RefreshRotation.SpendAll(session);
        session.RefreshHash = TokenCrypto.Hash(TokenCrypto.NewSecret()); // step-up issues an unrelated pair

        Assert.Null(session.PreviousRefreshHash);
        Assert.Null(session.SealedRotationNonce);
        Assert.Equal(RefreshKind.Reused, RefreshRotation.Classify(session, first, T, Grace)); // inside the grace, still theft
        Assert.Equal(RefreshKind.Reused, RefreshRotation.Classify(session, second, T, Grace));
    }

    [Fact]
    public void SealedDataOpensInItsOwnSessionOnlyAndForgetsItsClearText()
    {
        var options = new EncryptionOptions();
        options.Keys["k"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var cipher = new AtRestCipher(Options.Create(options));
        var state = new SessionState { UserId = "u" };
        var data = new SealedSessionData(cipher, "acme", "s1");
        Assert.Equal("{}", data.Read(state));

        data.Write(state, "{\"cart\":1}");
        Assert.Null(state.DataJson);
        Assert.DoesNotContain("cart", System.Text.Encoding.UTF8.GetString(state.SealedData!), StringComparison.Ordinal);
        Assert.Equal("{\"cart\":1}", new SealedSessionData(cipher, "acme", "s1").Read(state));
        Assert.ThrowsAny<CryptographicException>(() => new SealedSessionData(cipher, "acme", "s2").Read(state));

        // A refused write puts the old sealed form back: forgetting makes the clear text follow it.
        var before = state.SealedData;
        data.Write(state, "{\"cart\":2}");
        state.SealedData = before;
        data.Forget();
        Assert.Equal("{\"cart\":1}", data.Read(state));

        var legacy = new SessionState { UserId = "u", DataJson = "{\"old\":true}" };
        var opened = new SealedSessionData(cipher, "acme", "s3");
        Assert.True(opened.ResealIfNeeded(legacy));
        Assert.Null(legacy.DataJson);
        Assert.False(opened.ResealIfNeeded(legacy));
        Assert.Equal("{\"old\":true}", opened.Read(legacy));
    }

    [Theory]
    [InlineData("198.51.100.23", "198.51.100.0/24")]
    [InlineData("::ffff:198.51.100.23", "198.51.100.0/24")]
    [InlineData("2001:db8:1:2::5", "2001:db8:1::/48")]
    [InlineData("Not-An-IP", "not-an-ip")]
    public void ANetworkIsASlash24OrASlash48(string ip, string network) => Assert.Equal(network, RiskSignals.NetworkOf(ip));
}
