using System.Buffers.Text;

namespace SessionCluster;

/// <summary>
/// The wire format of access and refresh tokens: <c>{tenantId}.{sessionId}.{secret}</c>.
/// The tenant and session id make a token route itself to its session grain (no global token index);
/// the secret is 256 random bits, base64url, of which the service stores only a hash.
/// </summary>
public static class SessionToken
{
    /// <summary>Length of a session id: 16 random bytes, base64url without padding.</summary>
    public const int SessionIdLength = 22;

    /// <summary>Length of a token secret: 32 random bytes, base64url without padding.</summary>
    public const int SecretLength = 43;

    /// <summary>Longest tenant id accepted.</summary>
    public const int MaxTenantIdLength = 63;

    /// <summary>Joins the parts of a token.</summary>
    public static string Format(string tenantId, string sessionId, string secret) =>
        string.Concat(tenantId, ".", sessionId, ".", secret);

    /// <summary>Splits a token into its parts; false for anything that is not exactly a well-formed token.</summary>
    public static bool TryParse(string? token, out string tenantId, out string sessionId, out string secret)
    {
        tenantId = sessionId = secret = string.Empty;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTenantIdLength + SessionIdLength + SecretLength + 2)
        {
            return false;
        }
        var span = token.AsSpan();
        var secretStart = span.Length - SecretLength;
        var sidStart = secretStart - 1 - SessionIdLength;
        if (sidStart < 2 || span[secretStart - 1] != '.' || span[sidStart - 1] != '.')
        {
            return false;
        }
        var tenant = span[..(sidStart - 1)];
        var sid = span.Slice(sidStart, SessionIdLength);
        var sec = span[secretStart..];
        if (!IsValidTenantId(tenant) || !IsBase64Url(sid) || !IsBase64Url(sec))
        {
            return false;
        }
        tenantId = tenant.ToString();
        sessionId = sid.ToString();
        secret = sec.ToString();
        return true;
    }

    /// <summary>True for a string shaped like a session id (it may still not exist).</summary>
    public static bool IsSessionId(ReadOnlySpan<char> value) => value.Length == SessionIdLength && IsBase64Url(value);

    /// <summary>Tenant ids are 1–63 characters of lowercase letters, digits and '-', starting with a letter or digit.</summary>
    public static bool IsValidTenantId(ReadOnlySpan<char> value)
    {
        if (value.Length is 0 or > MaxTenantIdLength || value[0] == '-')
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsBase64Url(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }
        // Reject non-canonical encodings (stray low bits in the last character).
        return Base64Url.IsValid(value, out _);
    }
}
