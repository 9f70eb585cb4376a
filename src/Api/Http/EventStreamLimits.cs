using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SessionCluster.Api.Http;

/// <summary>
/// How many event streams each session and each user holds open on this API node. A stream is a subscription on the
/// user grain and a connection here: without a cap, one stolen token could open thousands.
/// </summary>
public sealed class EventStreamLimits(IOptions<EventStreamOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Takes a place for a new stream of <paramref name="me"/>; null when the session or the user holds its limit.</summary>
    public IDisposable? TryOpen(EndUser me)
    {
        var o = options.Value;
        var session = $"s/{me.TenantId}/{me.SessionId}";
        var user = $"u/{me.TenantId}/{me.UserId}";
        if (Take(session, o.MaxStreamsPerSession))
        {
            if (Take(user, o.MaxStreamsPerUser))
            {
                return new Place(this, session, user);
            }
            Release(session);
        }
        return null;
    }

    private bool Take(string key, int limit)
    {
        while (true)
        {
            var current = _open.GetOrAdd(key, 0);
            if (current >= limit)
            {
                return false;
            }
            if (_open.TryUpdate(key, current + 1, current))
            {
                return true;
            }
        }
    }

    private void Release(string key)
    {
        while (_open.TryGetValue(key, out var current))
        {
            if (current <= 1 ? _open.TryRemove(KeyValuePair.Create(key, current)) : _open.TryUpdate(key, current - 1, current))
            {
                return;
            }
        }
    }

    private sealed class Place(EventStreamLimits limits, string session, string user) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limits.Release(session);
                limits.Release(user);
            }
        }
    }
}
