using System.Buffers.Text;

namespace SessionCluster.Grains;

/// <summary>
/// Keys that encrypt secrets and session data at rest (<c>SessionCluster:Encryption</c>). Every silo needs the
/// same keys (in Kubernetes: one Secret mounted into every silo). Rotation: add a key, make it active, keep the
/// old one until nothing sealed with it is left (see docs/security.md).
/// </summary>
public sealed class EncryptionOptions
{
    public const string SectionName = "SessionCluster:Encryption";
    public const int KeyBytes = 32;
    public const int MaxKeyIdLength = 32;

    /// <summary>Key id → 32 random bytes, base64 (e.g. <c>openssl rand -base64 32</c>).</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The key new writes are sealed with; may be omitted when there is only one key.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>The active key id in force: the configured one, or the only key.</summary>
    public string? EffectiveActiveKeyId => ActiveKeyId ?? (Keys.Count == 1 ? Keys.Keys.First() : null);

    public static bool TryDecodeKey(string? value, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(value.Length)];
        if (!Convert.TryFromBase64String(value.Trim(), buffer, out var written) || written != KeyBytes)
        {
            return false;
        }
        key = buffer[..KeyBytes];
        return true;
    }
}
