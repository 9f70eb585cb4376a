using System.Text;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Tests.Unit;

public sealed class TotpCodesTests
{
    // RFC 6238 appendix B, SHA-1 seed "12345678901234567890"; the RFC's codes are 8 digits, ours the last 6.
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59, "287082")]
    [InlineData(1111111109, "081804")]
    [InlineData(1234567890, "005924")]
    [InlineData(2000000000, "279037")]
    public void CodesMatchTheRfc6238TestVectors(long unixSeconds, string code)
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        Assert.Equal(code, TotpCodes.Compute(RfcSecret, at));
        Assert.Equal(unixSeconds / 30, TotpCodes.Verify(RfcSecret, code, at, lastUsedStep: 0));
    }

    [Fact]
    public void AStepAtOrBeforeTheLastUsedOneIsRefused()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1234567890);
        var step = 1234567890 / 30;
        Assert.Null(TotpCodes.Verify(RfcSecret, "005924", at, lastUsedStep: step));
        Assert.Null(TotpCodes.Verify(RfcSecret, "005924", at, lastUsedStep: step + 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("１２３４５６")] // full-width digits are not ASCII digits
    public void MalformedCodesAreNeverChecked(string code) =>
        Assert.Null(TotpCodes.Verify(RfcSecret, code, DateTimeOffset.FromUnixTimeSeconds(59), 0));

    [Fact]
    public void TheUriCarriesIssuerAccountAndTheRfcParameters()
    {
        var uri = TotpCodes.OtpauthUri(RfcSecret, "Acme Bank", "anna@example.com");
        Assert.StartsWith("otpauth://totp/Acme%20Bank:anna%40example.com?", uri, StringComparison.Ordinal);
        Assert.Contains("secret=" + TotpCodes.ToBase32(RfcSecret), uri, StringComparison.Ordinal);
        Assert.Contains("issuer=Acme%20Bank", uri, StringComparison.Ordinal);
        Assert.Contains("digits=6", uri, StringComparison.Ordinal);
        Assert.Contains("period=30", uri, StringComparison.Ordinal);
    }
}
