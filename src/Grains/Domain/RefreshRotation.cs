namespace SessionCluster.Grains.Domain;

/// <summary>What a presented refresh token is, to the session it names.</summary>
public enum RefreshKind
{
    /// <summary>Not a refresh token of this session.</summary>
    Unknown,
    /// <summary>The current one: rotate.</summary>
    Current,
    /// <summary>The one rotated last, again, inside the reuse grace: another tab racing; answer with the same new pair.</summary>
    GraceRepeat,
    /// <summary>A spent one, after the grace: someone holds a copy (theft).</summary>
    Reused,
}

/// <summary>
/// Refresh-token rotation with a reuse grace and theft detection, on the hashes a session stores (never a token).
/// The pair after a rotation is derived (HMAC) from the old refresh secret and a random nonce, so a racing repeat
/// inside the grace gets the very same pair without any token being stored. The nonce is the caller's to keep, sealed:
/// with it, a spent refresh token would give the current pair.
/// </summary>
public static class RefreshRotation
{
    /// <summary>How many spent refresh-token hashes are kept to recognise their reuse.</summary>
    public const int SpentHashesKept = 8;

    public static RefreshKind Classify(SessionState session, string refreshSecret, DateTimeOffset now, TimeSpan grace)
    {
        if (TokenCrypto.Matches(refreshSecret, session.RefreshHash))
        {
            return RefreshKind.Current;
        }
        if (TokenCrypto.Matches(refreshSecret, session.PreviousRefreshHash))
        {
            return session.RotatedAt is { } rotatedAt && now - rotatedAt <= grace && (session.SealedRotationNonce ?? session.RotationNonce) is not null
                ? RefreshKind.GraceRepeat
                : RefreshKind.Reused;
        }
        return session.SpentRefreshHashes.Exists(h => TokenCrypto.Matches(refreshSecret, h)) ? RefreshKind.Reused : RefreshKind.Unknown;
    }

    /// <summary>
    /// Rotates from the current refresh secret: returns the next pair's secrets (the caller issues them) and the nonce
    /// they derive from (the caller seals it into <see cref="SessionState.SealedRotationNonce"/>).
    /// </summary>
    public static (string AccessSecret, string RefreshSecret, byte[] Nonce) Rotate(SessionState session, string currentRefreshSecret, DateTimeOffset now)
    {
        var nonce = TokenCrypto.NewNonce();
        if (session.PreviousRefreshHash is { } older)
        {
            Spend(session, older);
        }
        session.PreviousRefreshHash = session.RefreshHash;
        session.RotationNonce = null;
        session.RotatedAt = now;
        session.Generation++;
        var (access, refresh) = TokenCrypto.DerivePair(currentRefreshSecret, nonce);
        return (access, refresh, nonce);
    }

    /// <summary>The pair the last rotation handed out, for a <see cref="RefreshKind.GraceRepeat"/>, from its opened nonce.</summary>
    public static (string AccessSecret, string RefreshSecret) RepeatPair(string previousRefreshSecret, byte[] nonce) =>
        TokenCrypto.DerivePair(previousRefreshSecret, nonce);

    /// <summary>Every refresh token issued so far is spent (step-up issues fresh, unrelated secrets).</summary>
    public static void SpendAll(SessionState session)
    {
        foreach (var spent in new[] { session.PreviousRefreshHash, session.RefreshHash })
        {
            if (spent is not null)
            {
                Spend(session, spent);
            }
        }
        session.PreviousRefreshHash = null;
        session.RotationNonce = null;
        session.SealedRotationNonce = null;
        session.RotatedAt = null;
        session.Generation++;
    }

    private static void Spend(SessionState session, byte[] hash)
    {
        session.SpentRefreshHashes.Insert(0, hash);
        if (session.SpentRefreshHashes.Count > SpentHashesKept)
        {
            session.SpentRefreshHashes.RemoveAt(session.SpentRefreshHashes.Count - 1);
        }
    }
}
