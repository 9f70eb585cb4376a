using OtpNet;

namespace SessionCluster.Grains.Domain;

/// <summary>
/// RFC 6238 TOTP as docs/api.md fixes it: SHA-1, 30-second steps, 6 digits, 160-bit base32 secret, one step of clock
/// skew either way. The arithmetic is Otp.NET's; what is ours is single use: a code is accepted only for a time
/// step later than the last one accepted, so neither a replay nor an older code gets in.
/// </summary>
public static class TotpCodes
{
    public const int SecretBytes = 20;
    public const int Digits = 6;
    public const int StepSeconds = 30;

    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(SecretBytes);

    public static string ToBase32(byte[] secret) => Base32Encoding.ToString(secret);

    /// <summary>The <c>otpauth://</c> URI authenticator apps read from a QR code.</summary>
    public static string OtpauthUri(byte[] secret, string issuer, string account) =>
        new OtpUri(OtpType.Totp, secret, account, issuer, OtpHashMode.Sha1, Digits, period: StepSeconds).ToString();

    /// <summary>Well-formed: exactly six ASCII digits.</summary>
    public static bool IsWellFormed([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? code) => code is { Length: Digits } && code.All(char.IsAsciiDigit);

    /// <summary>The time step the code belongs to when it is valid now and newer than <paramref name="lastUsedStep"/>; otherwise null.</summary>
    public static long? Verify(byte[] secret, string code, DateTimeOffset now, long lastUsedStep)
    {
        if (!IsWellFormed(code))
        {
            return null;
        }
        return Generator(secret).VerifyTotp(now.UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)) && step > lastUsedStep
            ? step
            : null;
    }

    /// <summary>The code for a moment (tests and tools; an authenticator app does this on the user's side).</summary>
    public static string Compute(byte[] secret, DateTimeOffset at) => Generator(secret).ComputeTotp(at.UtcDateTime);

    private static Totp Generator(byte[] secret) => new(secret, step: StepSeconds, mode: OtpHashMode.Sha1, totpSize: Digits);
}
