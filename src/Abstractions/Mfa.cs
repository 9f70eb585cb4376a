namespace SessionCluster;

/// <summary>A pending TOTP enrolment: the secret to put into an authenticator app. Shown once, never stored in clear.</summary>
[GenerateSerializer, Immutable, Alias("TotpEnrolment")]
public sealed record TotpEnrolment
{
    /// <summary><see cref="SessionError.MfaAlreadyEnrolled"/> when the user already has a confirmed enrolment.</summary>
    [Id(0)] public SessionError Error { get; init; }
    /// <summary>The shared secret, base32 (RFC 4648, no padding).</summary>
    [Id(1)] public string? Secret { get; init; }
    /// <summary>The same secret as an <c>otpauth://totp/…</c> URI (for a QR code).</summary>
    [Id(2)] public string? OtpauthUri { get; init; }
}

/// <summary>Outcome of checking a TOTP code.</summary>
[GenerateSerializer, Immutable, Alias("MfaCheck")]
public sealed record MfaCheck
{
    /// <summary><see cref="SessionError.None"/> when the code was accepted (and is now spent).</summary>
    [Id(0)] public SessionError Error { get; init; }
    /// <summary>With <see cref="SessionError.MfaLocked"/>: when codes are accepted again.</summary>
    [Id(1)] public DateTimeOffset? LockedUntil { get; init; }
    /// <summary>This attempt was the one that locked the factor (worth an alert, once).</summary>
    [Id(2)] public bool JustLocked { get; init; }
    /// <summary>This attempt was the one that disabled the factor until it is reset (worth an alert, once).</summary>
    [Id(3)] public bool JustDisabled { get; init; }

    /// <summary>True when the code was accepted.</summary>
    public bool Succeeded => Error == SessionError.None;
}
