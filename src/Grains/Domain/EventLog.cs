namespace SessionCluster.Grains.Domain;

/// <summary>A user's event history, oldest first, bounded by <see cref="EventHistory.Limit"/> and by retention.</summary>
public readonly struct EventLog(List<SessionEvent> history)
{
    private readonly List<SessionEvent> _events = history;

    public int Count => _events.Count;

    public void Append(SessionEvent sessionEvent)
    {
        _events.Add(sessionEvent);
        if (_events.Count > EventHistory.Limit)
        {
            _events.RemoveRange(0, _events.Count - EventHistory.Limit);
        }
    }

    /// <summary>The newest <paramref name="limit"/> events, newest first.</summary>
    public IReadOnlyList<SessionEvent> Newest(int limit)
    {
        var take = Math.Clamp(limit, 0, _events.Count);
        var newest = new List<SessionEvent>(take);
        for (var i = _events.Count - 1; i >= _events.Count - take; i--)
        {
            newest.Add(_events[i]);
        }
        return newest;
    }

    /// <summary>Drops _events older than <paramref name="cutoff"/>; true when any went.</summary>
    public bool DropBefore(DateTimeOffset cutoff) => _events.RemoveAll(e => e.At < cutoff) > 0;

    public void Clear() => _events.Clear();
}
