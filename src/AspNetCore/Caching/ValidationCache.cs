using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using SessionCluster.AspNetCore.Client;

namespace SessionCluster.AspNetCore.Caching;

/// <summary>
/// Validated sessions in this process's memory, keyed by the SHA-256 of the access token (the token itself is never
/// kept). An entry is served for at most the staleness bound after the cluster last confirmed it, and never past the
/// access token's, the idle or the absolute expiry the cluster reported. Evictions (from the tenant feed, or a local
/// sign-out) are remembered for the bound, so a validation that was in flight when the revoke was announced cannot
/// put the session back.
/// </summary>
internal sealed class ValidationCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<TokenKey, Entry> _entries = new();
    private readonly ConcurrentDictionary<string, long> _evictedSessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _evictedUsers = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public long Now => time.GetTimestamp();

    /// <summary>The token's SHA-256 as a value: a cache hit allocates nothing for its key.</summary>
    public static TokenKey KeyOf(string accessToken)
    {
        Span<byte> hash = stackalloc byte[32];
        var length = Encoding.UTF8.GetMaxByteCount(accessToken.Length);
        byte[]? rented = null;
        var utf8 = length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(length));
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(accessToken, utf8)], hash);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        return new TokenKey(MemoryMarshal.Read<UInt128>(hash), MemoryMarshal.Read<UInt128>(hash[16..]));
    }

    /// <summary>A session confirmed by the cluster within <paramref name="maxStaleness"/> and not expired by its own timestamps.</summary>
    public bool TryGet(TokenKey key, TimeSpan maxStaleness, out SessionInfo session)
    {
        session = null!;
        if (!_entries.TryGetValue(key, out var entry))
        {
            return false;
        }
        var now = time.GetTimestamp();
        var wallNow = time.GetUtcNow();
        if (time.GetElapsedTime(entry.ConfirmedAt, now) >= maxStaleness
            || wallNow >= entry.Session.AccessTokenExpiresAt || wallNow >= entry.Session.IdleExpiresAt || wallNow >= entry.Session.AbsoluteExpiresAt)
        {
            _entries.TryRemove(new KeyValuePair<TokenKey, Entry>(key, entry));
            return false;
        }
        entry.UsedSinceContact = true;
        session = entry.Session;
        return true;
    }

    /// <summary>
    /// Keeps what the cluster answered to a validation that started at <paramref name="startedAt"/>, unless the session
    /// or its user was evicted since (the answer may predate the revoke), or the cache is full.
    /// </summary>
    public bool Put(TokenKey key, SessionInfo session, long startedAt, int maxEntries)
    {
        if (session.Status != "active"
            || (_evictedSessions.TryGetValue(session.SessionId, out var sessionEvicted) && sessionEvicted >= startedAt)
            || (_evictedUsers.TryGetValue(session.UserId, out var userEvicted) && userEvicted >= startedAt)
            || (_entries.Count >= maxEntries && !_entries.ContainsKey(key)))
        {
            return false;
        }
        var now = time.GetTimestamp();
        _entries[key] = new Entry(session, confirmedAt: startedAt, lastContact: now);
        return true;
    }

    public void Remove(TokenKey key) => _entries.TryRemove(key, out _);

    /// <summary>Drops every entry of a session (any of its tokens) and refuses validations that started before now.</summary>
    public int EvictSession(string sessionId)
    {
        _evictedSessions[sessionId] = time.GetTimestamp();
        return RemoveWhere(e => string.Equals(e.Session.SessionId, sessionId, StringComparison.Ordinal));
    }

    /// <summary>Drops every entry of a user (device removal, erasure) and refuses validations that started before now.</summary>
    public int EvictUser(string userId)
    {
        _evictedUsers[userId] = time.GetTimestamp();
        return RemoveWhere(e => string.Equals(e.Session.UserId, userId, StringComparison.Ordinal));
    }

    /// <summary>
    /// Housekeeping, about once a second: entries past the bound and eviction marks older than it go; returns the
    /// sessions used from the cache since the cluster last heard of them whose touch is due (at most one per session
    /// per tenth of its idle timeout), marking them touched.
    /// </summary>
    public IReadOnlyList<string> Sweep(TimeSpan maxStaleness)
    {
        var now = time.GetTimestamp();
        var due = new List<string>();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, entry) in _entries)
        {
            var touchEvery = entry.Session.IdleTimeout / 10;
            if (entry.UsedSinceContact && touchEvery > TimeSpan.Zero && time.GetElapsedTime(entry.LastContact, now) >= touchEvery)
            {
                entry.UsedSinceContact = false;
                entry.LastContact = now;
                if (touched.Add(entry.Session.SessionId))
                {
                    due.Add(entry.Session.SessionId);
                }
            }
            if (time.GetElapsedTime(entry.ConfirmedAt, now) >= maxStaleness)
            {
                _entries.TryRemove(new KeyValuePair<TokenKey, Entry>(key, entry));
            }
        }
        foreach (var marks in new[] { _evictedSessions, _evictedUsers })
        {
            foreach (var (id, at) in marks)
            {
                if (time.GetElapsedTime(at, now) > maxStaleness + maxStaleness)
                {
                    marks.TryRemove(new KeyValuePair<string, long>(id, at));
                }
            }
        }
        return due;
    }

    private int RemoveWhere(Func<Entry, bool> match)
    {
        var removed = 0;
        foreach (var (key, entry) in _entries)
        {
            if (match(entry) && _entries.TryRemove(new KeyValuePair<TokenKey, Entry>(key, entry)))
            {
                removed++;
            }
        }
        return removed;
    }

    private sealed class Entry(SessionInfo session, long confirmedAt, long lastContact)
    {
        public SessionInfo Session { get; } = session;

        /// <summary>When the validation the cluster answered was sent: the staleness bound counts from here.</summary>
        public long ConfirmedAt { get; } = confirmedAt;

        /// <summary>When the cluster last heard of this session's use from this process (validate or touch).</summary>
        public long LastContact { get; set; } = lastContact;

        public bool UsedSinceContact { get; set; }
    }
}

/// <summary>A cache key: the SHA-256 of an access token.</summary>
internal readonly record struct TokenKey(UInt128 First, UInt128 Second);
