namespace SessionCluster.AspNetCore.Client;

/// <summary>A pending TOTP enrolment: show the URI as a QR code, then confirm with a first code.</summary>
/// <param name="Secret">The base32 secret (show once, never log).</param>
/// <param name="OtpauthUri">The <c>otpauth://</c> URI authenticator apps read.</param>
public sealed record TotpEnrolmentInfo(string Secret, string OtpauthUri);
