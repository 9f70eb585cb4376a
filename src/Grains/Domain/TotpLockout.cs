namespace SessionCluster.Grains.Domain;

/// <summary>
/// How wrong TOTP codes slow guessing down: every <c>MfaMaxAttempts</c> wrong codes lock the factor, each lockout
/// twice as long as the one before (from <c>MfaLockout</c>, at most <see cref="LongestLockout"/>), and
/// <c>MfaMaxConsecutiveFailures</c> wrong codes in a row disable it until the app resets it. An accepted code starts over.
/// </summary>
public static class TotpLockout
{
    /// <summary>NIST SP 800-63B §5.2.2: no more than 100 consecutive failed attempts on one authenticator.</summary>
    public const int MostConsecutiveFailures = 100;

    public static readonly TimeSpan LongestLockout = TimeSpan.FromDays(1);

    /// <summary>The length of the <paramref name="lockout"/>-th lockout in a row (1-based).</summary>
    public static TimeSpan Duration(TimeSpan first, int lockout)
    {
        var doublings = Math.Clamp(lockout - 1, 0, 30);
        var length = first * Math.Pow(2, doublings);
        return length < LongestLockout ? length : LongestLockout;
    }
}
