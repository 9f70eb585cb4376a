namespace SessionCluster.Api.Contracts;

/// <summary>A pending TOTP enrolment (shown once).</summary>
public sealed record TotpEnrolmentDto(string Secret, string OtpauthUri);
