namespace SessionCluster.Grains.Domain;

/// <summary>
/// Which of a user's sessions to warn about (one <c>session.expiring</c> per warning window: a session extended into
/// a new window is warned again) and when to look again. Kept in memory while someone listens.
/// </summary>
public sealed class ExpiryWatch
{
    /// <summary>However far the next warning is, look again this often so new activity and new sessions are seen.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(30);

    /// <summary>Never look again sooner than this (a session at its very end is not polled in a tight loop).</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The expiry instant each session was last warned about.</summary>
    private readonly Dictionary<string, DateTimeOffset> _warned = new(StringComparer.Ordinal);

    /// <summary>The warnings due now among <paramref name="active"/>, and how long until the next look.</summary>
    public (IReadOnlyList<SessionEvent> Warnings, TimeSpan NextCheck) Check(IEnumerable<SessionView> active, TimeSpan warningLead, DateTimeOffset now)
    {
        var warnings = new List<SessionEvent>();
        var next = MaxInterval;
        foreach (var view in active)
        {
            var expiresAt = view.IdleExpiresAt;
            if (view.ExpiresSoon && !(_warned.TryGetValue(view.SessionId, out var warned) && warned == expiresAt))
            {
                _warned[view.SessionId] = expiresAt;
                warnings.Add(SessionEvents.New(EventTypes.SessionExpiring, now, view.SessionId, view.Device.Id, new()
                {
                    ["expiresAt"] = Timestamps.ToText(expiresAt),
                    ["secondsLeft"] = SessionEvents.Number((long)Math.Ceiling((expiresAt - now).TotalSeconds)),
                }));
            }
            var warnAt = expiresAt - warningLead;
            var due = (warnAt > now ? warnAt : expiresAt) - now;
            if (due < next)
            {
                next = due;
            }
        }
        return (warnings, next < MinInterval ? MinInterval : next);
    }

    public void Forget(string sessionId) => _warned.Remove(sessionId);

    public void Clear() => _warned.Clear();
}
