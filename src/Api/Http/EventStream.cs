using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SessionCluster.Api.Contracts;

namespace SessionCluster.Api.Http;

/// <summary>
/// One device's live view of its user's events (<c>GET /v1/me/events</c>). This API node listens to the user
/// grain as a grain observer, so events raised on any silo arrive here; the subscription is renewed every
/// 30 s (which also re-establishes it after a silo failure) and a heartbeat goes out every 15 s. The stream
/// ends with the event that ends the caller's own session.
/// </summary>
internal sealed partial class EventStream(IGrainFactory grains, EndUser me, EventStreamOptions options, ILogger logger, string? lastEventId = null) : ISessionEventObserver
{
    public const string HeartbeatEvent = "heartbeat";
    private readonly TimeSpan _renewEvery = options.RenewInterval;
    private readonly TimeSpan _heartbeatEvery = options.HeartbeatInterval;

    private readonly Channel<SessionEvent> _events = Channel.CreateBounded<SessionEvent>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public Task OnEventAsync(SessionEvent sessionEvent)
    {
        _events.Writer.TryWrite(sessionEvent);
        return Task.CompletedTask;
    }

    /// <summary>The stream, holding <paramref name="place"/> (its share of the per-session and per-user limits) until it ends.</summary>
    public async IAsyncEnumerable<SseItem<EventDto>> ReadAsync(IDisposable place, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var _ = place;
        var user = grains.GetUserGrain(me.TenantId, me.UserId);
        var reference = grains.CreateObjectReference<ISessionEventObserver>(this);
        try
        {
            await user.SubscribeAsync(reference);
            // A first heartbeat tells the client it is now listening: nothing after this point is missed.
            yield return Heartbeat();
            // A reconnect (Last-Event-ID): what happened meanwhile, from the history, before anything live. Events both
            // in the history and already queued live are sent once.
            var replayed = new HashSet<string>(StringComparer.Ordinal);
            if (!string.IsNullOrEmpty(lastEventId))
            {
                var history = await ClusterRetry.RunAsync(() => user.GetEventsAsync(EventHistory.Limit));
                foreach (var missed in SessionCluster.Grains.Domain.EventReplay.After(history, lastEventId))
                {
                    replayed.Add(missed.Id);
                    yield return new SseItem<EventDto>(EventDto.From(missed), missed.Type) { EventId = missed.Id };
                    if (EndsMySession(missed))
                    {
                        yield break;
                    }
                }
            }
            var renewAt = DateTime.UtcNow + _renewEvery;
            var heartbeatAt = DateTime.UtcNow + _heartbeatEvery;
            while (!cancellationToken.IsCancellationRequested)
            {
                var due = (renewAt < heartbeatAt ? renewAt : heartbeatAt) - DateTime.UtcNow;
                await WaitForEventAsync(due, cancellationToken);
                while (_events.Reader.TryRead(out var sessionEvent))
                {
                    if (replayed.Count > 0 && replayed.Remove(sessionEvent.Id))
                    {
                        continue;
                    }
                    yield return new SseItem<EventDto>(EventDto.From(sessionEvent), sessionEvent.Type) { EventId = sessionEvent.Id };
                    if (EndsMySession(sessionEvent))
                    {
                        yield break;
                    }
                }
                if (DateTime.UtcNow >= renewAt)
                {
                    renewAt = DateTime.UtcNow + _renewEvery;
                    var (ended, final) = await RenewAsync(user, reference);
                    if (final is not null)
                    {
                        yield return final.Value;
                    }
                    if (ended)
                    {
                        yield break;
                    }
                }
                if (DateTime.UtcNow >= heartbeatAt)
                {
                    heartbeatAt = DateTime.UtcNow + _heartbeatEvery;
                    yield return Heartbeat();
                }
            }
        }
        finally
        {
            await UnsubscribeAsync(user, reference);
        }
    }

    private static SseItem<EventDto> Heartbeat() =>
        new(new EventDto("", HeartbeatEvent, DateTimeOffset.UtcNow, null, null, new Dictionary<string, string>()), HeartbeatEvent);

    private bool EndsMySession(SessionEvent e) =>
        e.SessionId == me.SessionId && e.Type is EventTypes.SessionRevoked or EventTypes.SessionExpired;

    private async Task WaitForEventAsync(TimeSpan due, CancellationToken cancellationToken)
    {
        if (due <= TimeSpan.Zero)
        {
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(due);
        try
        {
            await _events.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // due: time to renew or beat
        }
    }

    /// <summary>
    /// Renews the subscription and checks the token that opened the stream (without counting as activity). The stream
    /// ends when the caller's session ended while events could not reach us (with that final event), and when the
    /// token was rotated away (without one: the session lives; its holder reconnects with the new token). So a copy
    /// of an old token cannot keep listening to the user's events.
    /// </summary>
    private async Task<(bool Ended, SseItem<EventDto>? Final)> RenewAsync(IUserGrain user, ISessionEventObserver reference)
    {
        try
        {
            await user.SubscribeAsync(reference);
            var mine = await grains.PeekAsync(me.TenantId, me.AccessToken);
            if (mine.Session is { Status: not SessionStatus.Active } dead)
            {
                var type = dead.Status == SessionStatus.Revoked ? EventTypes.SessionRevoked : EventTypes.SessionExpired;
                return (true, Final(type, dead.Device.Id, dead.EndReason ?? ""));
            }
            if (mine.Error == SessionError.TokenInvalid)
            {
                var session = await grains.GetSessionGrain(me.TenantId, me.SessionId).GetAsync();
                return session.Succeeded ? (true, null) : (true, Final(EventTypes.SessionRevoked, null, "gone"));
            }
        }
        catch (Exception ex) when (ClusterErrors.IsUnavailable(ex))
        {
            LogRenewFailed(ex); // keep the stream open; the next renewal retries
        }
        return (false, null);
    }

    private SseItem<EventDto> Final(string type, string? deviceId, string reason)
    {
        var final = new EventDto(Guid.CreateVersion7().ToString("N"), type, DateTimeOffset.UtcNow, me.SessionId, deviceId,
            new Dictionary<string, string> { ["reason"] = reason });
        return new SseItem<EventDto>(final, type) { EventId = final.Id };
    }

    private async Task UnsubscribeAsync(IUserGrain user, ISessionEventObserver reference)
    {
        try
        {
            await user.UnsubscribeAsync(reference);
        }
        catch (Exception ex) when (ClusterErrors.IsUnavailable(ex))
        {
            LogRenewFailed(ex); // the subscription lapses by itself within a minute
        }
        grains.DeleteObjectReference<ISessionEventObserver>(reference);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event stream could not renew its subscription; retrying")]
    private partial void LogRenewFailed(Exception exception);
}
