using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SessionCluster.Grains.Domain;

/// <summary>
/// AES-256-GCM for what must not be readable in a storage dump (session data, TOTP secrets). A sealed value is
/// <c>[1][key id length][key id][nonce 12][tag 16][ciphertext]</c>, so any configured key can open it and rotation
/// needs no migration step. The context (e.g. <c>session/acme/{id}/data</c>) is authenticated too: a value copied
/// into another grain's state does not open there.
/// </summary>
public sealed class AtRestCipher
{
    private const byte FormatVersion = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;
    private readonly byte[] _activeKeyIdBytes;

    public AtRestCipher(IOptions<EncryptionOptions> options)
    {
        var o = options.Value;
        _keys = o.Keys.ToDictionary(k => k.Key, k => EncryptionOptions.TryDecodeKey(k.Value, out var key)
            ? key
            : throw new InvalidOperationException($"{EncryptionOptions.SectionName}:Keys:{k.Key} is not a {EncryptionOptions.KeyBytes}-byte base64 key."), StringComparer.Ordinal);
        _activeKeyId = o.EffectiveActiveKeyId ?? throw new InvalidOperationException($"{EncryptionOptions.SectionName}: no active key.");
        _activeKeyIdBytes = Encoding.ASCII.GetBytes(_activeKeyId);
    }

    public byte[] Seal(ReadOnlySpan<byte> plaintext, string context)
    {
        var header = 2 + _activeKeyIdBytes.Length;
        var sealedValue = new byte[header + NonceBytes + TagBytes + plaintext.Length];
        sealedValue[0] = FormatVersion;
        sealedValue[1] = (byte)_activeKeyIdBytes.Length;
        _activeKeyIdBytes.CopyTo(sealedValue, 2);
        var nonce = sealedValue.AsSpan(header, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_activeKeyId], TagBytes);
        aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(header + NonceBytes + TagBytes), sealedValue.AsSpan(header + NonceBytes, TagBytes), Encoding.UTF8.GetBytes(context));
        return sealedValue;
    }

    public byte[] SealText(string plaintext, string context) => Seal(Encoding.UTF8.GetBytes(plaintext), context);

    /// <summary>Opens a sealed value; throws <see cref="CryptographicException"/> naming the key when it is not configured or the value was tampered with.</summary>
    public byte[] Open(byte[] sealedValue, string context)
    {
        var keyId = KeyIdOf(sealedValue) ?? throw new CryptographicException("Not a sealed value (unknown format).");
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"The value was sealed with key '{keyId}', which is not in {EncryptionOptions.SectionName}:Keys. Restore that key.");
        }
        var header = 2 + sealedValue[1];
        var plaintext = new byte[sealedValue.Length - header - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedValue.AsSpan(header, NonceBytes), sealedValue.AsSpan(header + NonceBytes + TagBytes), sealedValue.AsSpan(header + NonceBytes, TagBytes), plaintext, Encoding.UTF8.GetBytes(context));
        return plaintext;
    }

    public string OpenText(byte[] sealedValue, string context) => Encoding.UTF8.GetString(Open(sealedValue, context));

    /// <summary>True when the value is sealed with a key other than the active one (re-seal it on the next write).</summary>
    public bool NeedsResealing(byte[] sealedValue) => KeyIdOf(sealedValue) != _activeKeyId;

    private static string? KeyIdOf(byte[] sealedValue)
    {
        if (sealedValue.Length < 2 || sealedValue[0] != FormatVersion || sealedValue.Length < 2 + sealedValue[1] + NonceBytes + TagBytes)
        {
            return null;
        }
        return Encoding.ASCII.GetString(sealedValue, 2, sealedValue[1]);
    }
}
