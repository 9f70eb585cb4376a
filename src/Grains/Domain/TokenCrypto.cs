using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SessionCluster.Grains.Domain;

/// <summary>
/// Token secrets: 256 bits from the OS CSPRNG, base64url. Only their SHA-256 is stored (a fast hash is
/// right for 256-bit random secrets: there is nothing to brute-force). Comparisons are constant-time.
/// </summary>
public static class TokenCrypto
{
    public const int SecretBytes = 32;
    public const int SessionIdBytes = 16;
    public const int HashBytes = 32;

    public static string NewSessionId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SessionIdBytes));

    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(16);

    public static byte[] Hash(string secret)
    {
        var hash = new byte[HashBytes];
        HashInto(secret, hash);
        return hash;
    }

    /// <summary>Constant-time check of a presented secret against a stored hash.</summary>
    public static bool Matches(string secret, byte[]? storedHash)
    {
        if (storedHash is not { Length: HashBytes })
        {
            return false;
        }
        Span<byte> hash = stackalloc byte[HashBytes];
        HashInto(secret, hash);
        return CryptographicOperations.FixedTimeEquals(hash, storedHash);
    }

    /// <summary>
    /// The token pair issued when <paramref name="refreshSecret"/> is rotated with <paramref name="nonce"/>.
    /// Deterministic, so a retry inside the reuse grace gets the very same pair without the service ever
    /// storing a token: recomputing it needs the old refresh secret, which only its holder has. The stored
    /// random nonce keeps a stolen old refresh token from predicting future pairs offline.
    /// </summary>
    public static (string AccessSecret, string RefreshSecret) DerivePair(string refreshSecret, byte[] nonce) =>
        (Derive(refreshSecret, nonce, "access"), Derive(refreshSecret, nonce, "refresh"));

    /// <summary>The first pair of a session created with an idempotency key: a retried create gets it again.</summary>
    public static (string AccessSecret, string RefreshSecret) DeriveInitialPair(string idempotencyKey) =>
        (Derive(idempotencyKey, [], "initial-access"), Derive(idempotencyKey, [], "initial-refresh"));

    /// <summary>
    /// The session id a create for <paramref name="userId"/> with this idempotency key gets (so a retry addresses the
    /// same session). Bound to the user: the same key in another user's create names another session.
    /// </summary>
    public static string SessionIdFor(string userId, string idempotencyKey) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.ASCII.GetBytes(idempotencyKey), Encoding.UTF8.GetBytes("session-id\n" + userId))[..SessionIdBytes]);

    /// <summary>An idempotency key is a secret of 256 random bits: exactly 43 base64url characters.</summary>
    public static bool IsIdempotencyKey(string? key) =>
        key is { Length: IdempotencyKeyLength } && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public const int IdempotencyKeyLength = 43;

    /// <summary>The CSRF token bound to an access token (double-submit in cookie mode); derived, not stored.</summary>
    public static string CsrfFor(string accessSecret) => Derive(accessSecret, [], "csrf");

    private static string Derive(string keySecret, byte[] nonce, string purpose)
    {
        var message = new byte[nonce.Length + Encoding.ASCII.GetByteCount(purpose)];
        nonce.CopyTo(message, 0);
        Encoding.ASCII.GetBytes(purpose, message.AsSpan(nonce.Length));
        return Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.ASCII.GetBytes(keySecret), message));
    }

    private static void HashInto(string secret, Span<byte> destination)
    {
        Span<byte> utf8 = stackalloc byte[256];
        // 64 chars of any UTF-16 fit in 256 UTF-8 bytes; longer inputs (never a real secret) go to the heap.
        var length = secret.Length <= 64 ? Encoding.UTF8.GetBytes(secret, utf8) : -1;
        if (length < 0)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(secret), destination);
            return;
        }
        SHA256.HashData(utf8[..length], destination);
    }
}
