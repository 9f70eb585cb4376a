using Microsoft.Extensions.Options;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Grains.Events;

/// <summary>
/// The events a grain keeps in its own state until its user's feed partition has them (the transactional outbox).
/// A grain stages an event in its state before the write that makes its cause durable, so both reach storage in
/// one write; then this sends whatever is staged, as a turn of its own after the answer, and again with backoff
/// while the feed refuses. A confirmed event leaves the outbox in memory only: storage learns it with the grain's
/// next write, and an event sent twice (after a crash) is dropped by the feed, which knows its id.
/// </summary>
internal sealed class FeedOutbox
{
    /// <summary>The most events one grain keeps waiting for the feed (the oldest go beyond it: the feed was down for long).</summary>
    public const int Limit = 200;

    private readonly IGrainFactory _grains;
    private readonly IOptionsMonitor<EventsOptions> _options;
    private readonly string _tenantId;
    private readonly Func<string?> _userId;
    private readonly Func<List<SessionEvent>> _pending;
    private readonly Action _confirmed;
    private readonly WriteBehind _sender;

    /// <param name="pending">the outbox in the grain's current state (states are replaced by copies on each change).</param>
    /// <param name="confirmed">told when events left the outbox (the state now differs from storage).</param>
    public FeedOutbox(IGrainBase grain, IGrainFactory grains, IOptionsMonitor<EventsOptions> options, string tenantId,
        Func<string?> userId, Func<List<SessionEvent>> pending, Action confirmed, Action<Exception, int> refused)
    {
        _grains = grains;
        _options = options;
        _tenantId = tenantId;
        _userId = userId;
        _pending = pending;
        _confirmed = confirmed;
        _sender = new WriteBehind(grain, SendAsync, refused);
    }

    /// <summary>Puts an event in the outbox (before the write that carries it).</summary>
    public void Stage(SessionEvent sessionEvent)
    {
        var pending = _pending();
        pending.Add(sessionEvent);
        if (pending.Count > Limit)
        {
            pending.RemoveRange(0, pending.Count - Limit);
        }
    }

    /// <summary>Sends what is staged, right after the current turn.</summary>
    public void Send()
    {
        if (_pending().Count > 0)
        {
            _sender.Schedule(TimeSpan.Zero);
        }
    }

    private async Task SendAsync()
    {
        var events = _pending().ToList();
        if (events.Count == 0 || _userId() is not { } userId)
        {
            return;
        }
        var partition = FeedPartitions.Of(userId, _options.CurrentValue.FeedPartitions);
        await _grains.FeedInternal(_tenantId, partition).AppendAsync([.. events.Select(e => new FeedEvent { Event = e, UserId = userId })]);
        var sent = events.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        _pending().RemoveAll(e => sent.Contains(e.Id));
        _confirmed();
        Send(); // staged meanwhile
    }
}
