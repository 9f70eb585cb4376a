using System.Security.Cryptography;

namespace SessionCluster.Grains.Domain;

/// <summary>
/// A session's data: stored sealed (AES-GCM, bound to the session), kept in clear in memory once opened. One per
/// activation; <see cref="Forget"/> drops the clear text whenever the stored form changes under it (a refused write
/// restored the old state, or the state was cleared).
/// </summary>
public sealed class SealedSessionData(AtRestCipher cipher, string tenantId, string sessionId)
{
    private string? _clear;

    private string Context => $"session/{tenantId}/{sessionId}/data";

    /// <summary>The data as JSON text (<c>{}</c> when none).</summary>
    public string Read(SessionState session) =>
        _clear ??= session.SealedData is { } sealedData ? cipher.OpenText(sealedData, Context) : session.DataJson ?? "{}";

    /// <summary>Seals new data into the state (and bumps nothing: versioning is the caller's).</summary>
    public void Write(SessionState session, string dataJson)
    {
        session.SealedData = cipher.SealText(dataJson, Context);
        session.DataJson = null;
        _clear = dataJson;
    }

    /// <summary>
    /// Data written in clear (before encryption at rest) or sealed with a key being retired is sealed again with the
    /// active key; true when the state changed. A key that is gone throws <see cref="CryptographicException"/>.
    /// </summary>
    public bool ResealIfNeeded(SessionState session)
    {
        if (session.DataJson is null && !(session.SealedData is { } sealedData && cipher.NeedsResealing(sealedData)))
        {
            return false;
        }
        Write(session, Read(session));
        return true;
    }

    public void Forget() => _clear = null;
}
