using System.Collections.Concurrent;

namespace SessionCluster.Tests.Infrastructure;

/// <summary>A live listener, as an API node or a .NET service holds one: collects what it is pushed.</summary>
public sealed class EventCollector : ISessionEventObserver
{
    private readonly ConcurrentQueue<SessionEvent> _events = new();

    public IReadOnlyList<SessionEvent> Events => [.. _events];

    public Task OnEventAsync(SessionEvent sessionEvent)
    {
        _events.Enqueue(sessionEvent);
        return Task.CompletedTask;
    }

    /// <summary>Waits (bounded) until an event matching <paramref name="match"/> has arrived.</summary>
    public async Task<SessionEvent> WaitForAsync(Func<SessionEvent, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (_events.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"no matching event; got: {string.Join(", ", _events.Select(e => e.Type))}");
    }
}
