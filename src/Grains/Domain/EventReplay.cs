using System.Globalization;

namespace SessionCluster.Grains.Domain;

/// <summary>What a reconnecting stream missed (<c>Last-Event-ID</c> on <c>/v1/me/events</c>), from the user's history.</summary>
public static class EventReplay
{
    /// <summary>
    /// The events after <paramref name="lastEventId"/>, oldest first. An id no longer in the history (older than it
    /// keeps, or from a stream's own final event) falls back to its time: event ids are UUID v7, so the id says when it
    /// happened, and everything later is sent. An id that is no event id at all replays nothing.
    /// </summary>
    public static IReadOnlyList<SessionEvent> After(IReadOnlyList<SessionEvent> newestFirst, string lastEventId)
    {
        var missed = new List<SessionEvent>();
        var found = false;
        foreach (var e in newestFirst)
        {
            if (string.Equals(e.Id, lastEventId, StringComparison.Ordinal))
            {
                found = true;
                break;
            }
            missed.Add(e);
        }
        if (!found)
        {
            if (TimeOf(lastEventId) is not { } at)
            {
                return [];
            }
            missed = [.. newestFirst.Where(e => e.At > at)];
        }
        missed.Reverse();
        return missed;
    }

    /// <summary>The millisecond timestamp a UUID v7 (32 hex digits, as event ids are written) carries, or null.</summary>
    public static DateTimeOffset? TimeOf(string id)
    {
        if (id.Length != 32 || !Guid.TryParseExact(id, "N", out _) || id[12] != '7'
            || !long.TryParse(id.AsSpan(0, 12), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var ms))
        {
            return null;
        }
        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
