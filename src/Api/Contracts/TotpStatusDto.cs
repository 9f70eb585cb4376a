namespace SessionCluster.Api.Contracts;

/// <summary>Whether a user has a confirmed TOTP enrolment.</summary>
public sealed record TotpStatusDto(bool Enrolled);
