namespace SessionCluster.Grains.Domain;

/// <summary>
/// A user's index of sessions: live ones, and ended ones not yet purged (so the sweep still finds them). Only
/// bookkeeping: each session grain holds the truth about itself.
/// </summary>
public readonly struct SessionIndex(Dictionary<string, UserSessionEntry> sessions)
{
    private readonly Dictionary<string, UserSessionEntry> _entries = sessions;

    public int Count => _entries.Count;

    public IEnumerable<string> Ids => _entries.Keys;

    public IEnumerable<string> LiveIds => _entries.Where(e => e.Value.EndedAt is null).Select(e => e.Key);

    public bool Contains(string sessionId) => _entries.ContainsKey(sessionId);

    public bool IsLive(string sessionId) => _entries.TryGetValue(sessionId, out var entry) && entry.EndedAt is null;

    public IEnumerable<string> LiveOnDevice(string deviceId) =>
        _entries.Where(e => e.Value.EndedAt is null && e.Value.DeviceId == deviceId).Select(e => e.Key);

    /// <summary>The devices that still have a session in the index, live or ended but not yet purged.</summary>
    public HashSet<string> DeviceIds => _entries.Values.Select(e => e.DeviceId).ToHashSet(StringComparer.Ordinal);

    public void Add(string sessionId, string deviceId, DateTimeOffset at) =>
        _entries[sessionId] = new UserSessionEntry { DeviceId = deviceId, CreatedAt = at };

    /// <summary>Records that a session ended (the first time it is told; later reports keep the first instant).</summary>
    public void MarkEnded(string sessionId, DateTimeOffset at)
    {
        if (_entries.TryGetValue(sessionId, out var entry))
        {
            entry.EndedAt ??= at;
        }
    }

    public bool Remove(string sessionId) => _entries.Remove(sessionId);

    public void Clear() => _entries.Clear();

    /// <summary>
    /// The sessions to end so that a new one fits under <paramref name="max"/>: none while there is room, else the
    /// least recently used.
    /// </summary>
    public static IReadOnlyList<SessionView> EvictionVictims(IReadOnlyCollection<SessionView> active, int max) =>
        max <= 0 || active.Count < max ? [] : [.. active.OrderBy(s => s.LastSeenAt).Take(active.Count - max + 1)];
}
