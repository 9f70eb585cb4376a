using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Utilities;
using SessionCluster.Grains.Domain;
using SessionCluster.Grains.Events;

namespace SessionCluster.Grains;

/// <summary>
/// A user: the index of their sessions (<see cref="SessionIndex"/>, with the session limit), their devices
/// (<see cref="DeviceRegistry"/>), their event history (<see cref="EventLog"/>, written behind in batches), the live
/// listeners with expiry warnings (<see cref="ExpiryWatch"/>), the links they approved, the sweep and erasure.
/// Index changes are durable before they are answered and not kept when storage refuses them.
/// </summary>
[GrainType(GrainTypes.User)]
internal sealed partial class UserGrain(
    [PersistentState(StateNames.User, StorageNames.Users)] IPersistentState<UserState> state,
    [PersistentState(StateNames.UserEvents, StorageNames.Users)] IPersistentState<UserEventsState> history,
    DeepCopier<UserState> copier,
    DeepCopier<UserEventsState> historyCopier,
    ITenantPolicies policies,
    IOptionsMonitor<SessionClusterOptions> options,
    IOptionsMonitor<EventsOptions> events,
    [FromKeyedServices(Clock.ServiceKey)] TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrainInternal, IRemindable
{
    private const string SweepReminder = "sweep";

    /// <summary>Events reach storage in batches at most this long after they happen (a crash can lose that much history, never a session change).</summary>
    private static readonly TimeSpan EventFlushDelay = TimeSpan.FromSeconds(1);

    private readonly ObserverManager<ISessionEventObserver> _listeners = new(EventHistory.ListenerLifetime, logger);
    private readonly ExpiryWatch _watch = new();

    private string _tenantId = "";
    private string _userId = "";
    private bool _reminderRegistered;
    private bool _eventsDirty;
    private WriteBehind _historyWrites = null!;
    private FeedOutbox _outbox = null!;
    private bool _outboxSent;
    private IGrainTimer? _watchTimer;

    /// <summary>When this activation erased the user: events that happened before it, still queued, are dropped.</summary>
    private DateTimeOffset? _erasedAt;

    private SessionIndex Index => new(state.State.Sessions);

    private DeviceRegistry Devices => new(state.State.Devices);

    private Dictionary<string, DateTimeOffset> PendingLinks => state.State.PendingLinks;

    private EventLog Events => new(history.State.Events);

    private SessionPolicy Policy => policies.Get(_tenantId);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _userId) = GrainKeys.Split(this.GetPrimaryKeyString());
        // The sweep reminder is registered before a user's state is first written and unregistered only once all of
        // it is gone: a user with stored state has one already, and a login need not register it again.
        _reminderRegistered = state.RecordExists || history.RecordExists;
        _historyWrites = new WriteBehind(this, FlushEventsAsync, (ex, failures) => LogHistoryRetry(ex, failures));
        _outbox = new FeedOutbox(this, GrainFactory, events, _tenantId, () => _userId, () => state.State.Outbox, () => _outboxSent = true,
            (ex, failures) => LogFeedRetry(ex, failures));
        _outbox.Send(); // what the feed never confirmed before a crash
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await FlushEventsAsync();
            if (_outboxSent && (Index.Count > 0 || PendingLinks.Count > 0))
            {
                await state.WriteStateAsync(cancellationToken); // storage forgets the events the feed confirmed
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogHistoryLost(ex);
        }
    }

    public Task<SessionResult> CreateSessionAsync(CreateSessionCommand command) => CreateAsync(command, linkId: null, approver: null);

    public Task<SessionResult> CreateLinkedSessionAsync(CreateSessionCommand command, string linkId, LinkApprover approver) =>
        // Only a link this user approved and nobody withdrew since (erasure, sign-out everywhere) hands a session over.
        PendingLinks.ContainsKey(linkId) ? CreateAsync(command, linkId, approver) : Task.FromResult(SessionResult.Fail(SessionError.SessionNotFound));

    private async Task<SessionResult> CreateAsync(CreateSessionCommand command, string? linkId, LinkApprover? approver)
    {
        if (!string.Equals(command.UserId, _userId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The command is for user '{command.UserId}', not this grain's user.", nameof(command));
        }
        if (command.IdempotencyKey is { } givenKey && !TokenCrypto.IsIdempotencyKey(givenKey))
        {
            throw new ArgumentException("An idempotency key is 256 random bits as 43 base64url characters.", nameof(command));
        }
        var sessionId = command.IdempotencyKey is { } key ? TokenCrypto.SessionIdFor(_userId, key) : TokenCrypto.NewSessionId();
        var device = DeviceRegistry.WithId(command.Device);
        var linkedVia = linkId is null ? DeviceLinkKinds.Login : DeviceLinkKinds.Link;
        if (Index.Contains(sessionId))
        {
            // A retry of a create that may have gone through: the session answers it (same tokens) or refuses.
            return await Session(sessionId).CreateAsync(new SessionOpening { Command = command, Device = device, LinkedVia = linkedVia });
        }
        var evicted = new List<string>();
        if (Policy.MaxSessionsPerUser > 0)
        {
            var active = await ActiveSessionsAsync();
            var victims = SessionIndex.EvictionVictims(active, Policy.MaxSessionsPerUser);
            if (victims.Count > 0 && Policy.SessionLimitAction == SessionLimitAction.RejectNew)
            {
                return SessionResult.Fail(SessionError.SessionLimitReached);
            }
            foreach (var victim in victims)
            {
                await Session(victim.SessionId).RevokeAsync("session_limit_evicted");
                evicted.Add(victim.SessionId);
            }
        }

        var now = time.GetUtcNow();
        // The sweep first, then the index, then the session: a session that exists is always findable and swept; an
        // index entry whose session was never created is pruned on read; a sweep of a user with nothing ends itself.
        await EnsureSweepReminderAsync();
        var change = Begin();
        evicted.ForEach(id => MarkEnded(id, now));
        var newDevice = Devices.Register(device, linkedVia, now);
        Index.Add(sessionId, device.Id!, now);
        // A linked device is a new device too (StepUpOnRisk asks it to step up); and it cannot outlive, nor be less
        // risky than, the session that vouched for it.
        var fromNewDevice = newDevice && Devices.Count > 1;
        // A sign-in from a device this user never used before, while they have others: worth telling them. Stored with
        // the index entry (the outbox), so the alert survives a crash right after the answer.
        var alert = linkId is null && fromNewDevice
            ? SessionEvents.New(EventTypes.SecurityAlert, now, sessionId, device.Id, SessionEvents.Alert("new_device", command.Client, ("name", device.Name ?? "")))
            : null;
        if (alert is not null)
        {
            _outbox.Stage(alert);
        }
        await change.WriteAsync();
        var session = Session(sessionId);
        SessionResult result;
        // Not in the index, so never created: its activation need not read storage to find nothing.
        using (StorageHints.New(session.GetGrainId()))
        {
            result = await session.CreateAsync(new SessionOpening
            {
                Command = command,
                Device = device,
                LinkedVia = linkedVia,
                FromNewDevice = fromNewDevice,
                NotAfter = approver?.AbsoluteExpiresAt,
                Risky = approver?.Risky ?? false,
            });
        }
        if (!result.Succeeded)
        {
            var undo = Begin();
            Index.Remove(sessionId);
            state.State.Outbox.RemoveAll(e => e.Id == alert?.Id);
            await SaveAsync(undo);
            return result;
        }
        if (linkId is not null)
        {
            var collected = Begin();
            PendingLinks.Remove(linkId);
            var linked = SessionEvents.New(EventTypes.DeviceLinked, now, sessionId, device.Id, new() { ["name"] = device.Name ?? "", ["type"] = device.Type ?? "" });
            _outbox.Stage(linked);
            await collected.WriteAsync();
            await AppendEventAsync(linked);
        }
        else if (alert is not null)
        {
            await AppendEventAsync(alert);
        }
        ScheduleWatch(TimeSpan.Zero);
        return result;
    }

    public async Task<IReadOnlyList<SessionView>> ListSessionsAsync() =>
        [.. (await ActiveSessionsAsync()).OrderByDescending(s => s.CreatedAt)];

    public async Task<IReadOnlyList<DeviceView>> ListDevicesAsync() => Devices.Views(await ActiveSessionsAsync());

    public async Task<int> RevokeAllAsync(string? exceptSessionId, string reason)
    {
        var targets = Index.LiveIds.Where(id => !string.Equals(id, exceptSessionId, StringComparison.Ordinal)).ToList();
        // Signing out everywhere else also withdraws the links approved but not yet collected: no device joins after it.
        var links = PendingLinks.Keys.ToList();
        var revoked = await RevokeAndForgetAsync(targets, reason, () => PendingLinks.Clear());
        foreach (var linkId in links)
        {
            await GrainFactory.DeviceLinkInternal(_tenantId, linkId).CancelAsync();
        }
        return revoked;
    }

    public async Task<int?> RemoveDeviceAsync(string deviceId)
    {
        if (!Devices.Contains(deviceId))
        {
            return null;
        }
        var sessions = Index.LiveOnDevice(deviceId).ToList();
        SessionEvent? removed = null;
        var revoked = await RevokeAndForgetAsync(sessions, "device_removed", () => Devices.Remove(deviceId), count =>
        {
            // Stored with the device's removal (the outbox); the count is known once the sessions answered.
            removed = SessionEvents.New(EventTypes.DeviceRemoved, time.GetUtcNow(), null, deviceId, new() { ["revokedSessions"] = SessionEvents.Number(count) });
            _outbox.Stage(removed);
        });
        // Through this grain's own queue, so listeners see it after the session.revoked events the sessions just sent.
        await this.AsReference<IUserGrainInternal>().RecordEventAsync(removed!);
        _outbox.Send();
        return revoked;
    }

    /// <summary>Revokes the sessions (each durably, in its own grain), then records it in the index, with <paramref name="alsoChange"/>.</summary>
    private async Task<int> RevokeAndForgetAsync(List<string> sessionIds, string reason, Action? alsoChange = null, Action<int>? beforeSave = null)
    {
        var change = Begin();
        alsoChange?.Invoke();
        var revoked = await Task.WhenAll(sessionIds.Select(id => Session(id).RevokeAsync(reason)));
        var now = time.GetUtcNow();
        sessionIds.ForEach(id => MarkEnded(id, now));
        var count = revoked.Count(r => r);
        beforeSave?.Invoke(count);
        await SaveAsync(change);
        return count;
    }

    public async Task SessionEndedAsync(string sessionId)
    {
        if (Index.IsLive(sessionId))
        {
            var change = Begin();
            MarkEnded(sessionId, time.GetUtcNow());
            await SaveAsync(change);
        }
    }

    public async Task LinkApprovedAsync(string linkId)
    {
        await EnsureSweepReminderAsync();
        var change = Begin();
        PendingLinks[linkId] = time.GetUtcNow();
        await change.WriteAsync();
    }

    public async Task EraseAsync()
    {
        var change = Begin();
        var historyChange = StateChange<UserEventsState>.Begin(history, historyCopier);
        try
        {
            // One-way: a link may be waiting on this grain to hand its session over; it finds its link withdrawn.
            foreach (var linkId in PendingLinks.Keys)
            {
                await GrainFactory.DeviceLinkInternal(_tenantId, linkId).CancelAsync();
            }
            PendingLinks.Clear();
            await Task.WhenAll(Index.Ids.Select(id => Session(id).EraseAsync()));
            await GrainFactory.MfaInternal(_tenantId, _userId).EraseAsync();
            Index.Clear();
            Devices.Clear();
            Events.Clear();
            _eventsDirty = true;
            // The activation stays (until idle collection) to remember the erasure while queued events drain.
            await SaveAsync(change, deactivateWhenEmpty: false);
        }
        catch
        {
            // Not erased: the user keeps what storage holds (the history is written behind, so written again).
            change.Undo();
            historyChange.Undo();
            throw;
        }
        _erasedAt = time.GetUtcNow();
        _watch.Clear();
    }

    public Task RecordEventAsync(SessionEvent sessionEvent)
    {
        // After an erasure, events still queued behind it (sessions publish one-way) must not bring a history back,
        // nor events of sessions this user no longer has (erased in an earlier activation).
        var erased = _erasedAt is { } erasedAt && sessionEvent.At <= erasedAt;
        var foreign = sessionEvent.SessionId is { } sessionId && !Index.Contains(sessionId);
        return erased || foreign ? Task.CompletedTask : AppendEventAsync(sessionEvent);
    }

    public Task<IReadOnlyList<SessionEvent>> GetEventsAsync(int limit) => Task.FromResult(Events.Newest(limit));

    public Task SubscribeAsync(ISessionEventObserver observer)
    {
        _listeners.Subscribe(observer, observer);
        ScheduleWatch(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(ISessionEventObserver observer)
    {
        _listeners.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task CheckExpiryAsync()
    {
        if (_listeners.Count == 0)
        {
            return;
        }
        // ActiveSessionsAsync sweeps the sessions it finds expired (their session.expired is on its way).
        var (warnings, next) = _watch.Check(await ActiveSessionsAsync(), Policy.WarningLead, time.GetUtcNow());
        foreach (var warning in warnings)
        {
            // No write of its own to ride on: staged, stored with the user's next write, sent now.
            _outbox.Stage(warning);
            await AppendEventAsync(warning);
        }
        ScheduleWatch(next);
    }

    public async Task SweepAsync()
    {
        var change = Begin();
        var ids = Index.Ids.ToList();
        var results = await Task.WhenAll(ids.Select(id => Session(id).SweepAsync()));
        var now = time.GetUtcNow();
        for (var i = 0; i < ids.Count; i++)
        {
            if (results[i].Gone)
            {
                Index.Remove(ids[i]);
                _watch.Forget(ids[i]);
            }
            else if (results[i].Status != SessionStatus.Active)
            {
                Index.MarkEnded(ids[i], results[i].EndedAt ?? now);
            }
        }
        // An approved link not collected within its lifetime has expired; forget it.
        var linkCutoff = now - Policy.DeviceLinkLifetime;
        foreach (var linkId in PendingLinks.Where(l => l.Value < linkCutoff).Select(l => l.Key).ToList())
        {
            PendingLinks.Remove(linkId);
        }
        _eventsDirty |= Events.DropBefore(now - Policy.EventRetention);
        // A device goes with its last session.
        Devices.KeepOnly(Index.DeviceIds);
        await SaveAsync(change);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == SweepReminder ? SweepAsync() : Task.CompletedTask;

    private ISessionGrainInternal Session(string sessionId) => GrainFactory.SessionInternal(_tenantId, sessionId);

    private void MarkEnded(string sessionId, DateTimeOffset at)
    {
        Index.MarkEnded(sessionId, at);
        _watch.Forget(sessionId);
    }

    /// <summary>Into the history and to the live listeners; and to the feed, if this grain staged it in its outbox.</summary>
    private async Task AppendEventAsync(SessionEvent sessionEvent)
    {
        _outbox.Send();
        Events.Append(sessionEvent);
        await _listeners.Notify(listener => listener.OnEventAsync(sessionEvent));
        _eventsDirty = true;
        _historyWrites.Schedule(EventFlushDelay);
        try
        {
            await EnsureSweepReminderAsync(); // the history's retention is swept too
        }
        catch (StorageUnavailableException ex)
        {
            LogSweepNotScheduled(ex); // tried again with the next event or change
        }
    }

    /// <summary>Writes the history if it changed; an empty history leaves storage. Still dirty if storage refused.</summary>
    private async Task FlushEventsAsync()
    {
        if (!_eventsDirty)
        {
            return;
        }
        if (Events.Count == 0)
        {
            await history.ClearStateAsync();
        }
        else
        {
            await history.WriteStateAsync();
        }
        _eventsDirty = false;
    }

    /// <summary>Asks every live session for its state; records the ones found dead, forgets the ones gone.</summary>
    private async Task<List<SessionView>> ActiveSessionsAsync()
    {
        var ids = Index.LiveIds.ToList();
        var results = await Task.WhenAll(ids.Select(id => Session(id).GetAsync()));
        var active = new List<SessionView>();
        var ended = new List<(string SessionId, DateTimeOffset EndedAt)>();
        var gone = new List<string>();
        for (var i = 0; i < ids.Count; i++)
        {
            switch (results[i])
            {
                case { Succeeded: true, Session: { Status: SessionStatus.Active } view }:
                    active.Add(view);
                    break;
                case { Succeeded: true, Session: { Status: SessionStatus.Expired } }:
                    // Expired without anyone noticing: let the session record it (and announce it) now.
                    var swept = await Session(ids[i]).SweepAsync();
                    ended.Add((ids[i], swept.EndedAt ?? time.GetUtcNow()));
                    break;
                case { Succeeded: true }:
                    ended.Add((ids[i], time.GetUtcNow()));
                    break;
                default:
                    gone.Add(ids[i]);
                    break;
            }
        }
        if (ended.Count > 0 || gone.Count > 0)
        {
            await TidyIndexAsync(ended, gone);
        }
        return active;
    }

    /// <summary>
    /// Records in the index what the sessions said. Only bookkeeping (the sessions themselves hold the truth), so a
    /// read that found it does not fail when storage refuses it: the index stays as stored and is tidied next time.
    /// </summary>
    private async Task TidyIndexAsync(List<(string SessionId, DateTimeOffset EndedAt)> ended, List<string> gone)
    {
        var change = Begin();
        ended.ForEach(e => MarkEnded(e.SessionId, e.EndedAt));
        gone.ForEach(id => Index.Remove(id));
        try
        {
            await SaveAsync(change);
        }
        catch (StorageUnavailableException ex)
        {
            LogTidyRefused(ex);
        }
    }

    /// <summary>
    /// Keeps only what the product promises: the index of sessions not yet purged, and events inside their retention.
    /// With nothing left, the user's state leaves storage and its sweep reminder is cancelled.
    /// </summary>
    private async Task SaveAsync(StateChange<UserState> change, bool deactivateWhenEmpty = true)
    {
        try
        {
            await FlushEventsAsync();
        }
        catch
        {
            change.Undo();
            throw;
        }
        if (Index.Count > 0 || PendingLinks.Count > 0)
        {
            await change.WriteAsync();
            return;
        }
        Devices.Clear(); // a device goes with its last session
        await change.ClearAsync();
        if (Events.Count > 0)
        {
            return; // the history stays for its retention, and the sweep reminder with it
        }
        if (await this.GetReminder(SweepReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        _reminderRegistered = false;
        if (deactivateWhenEmpty && _listeners.Count == 0)
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>One reminder per user with state, not per session: the sweep that runs even if nobody calls again.</summary>
    private async Task EnsureSweepReminderAsync()
    {
        if (_reminderRegistered)
        {
            return;
        }
        var interval = options.CurrentValue.Cleanup.SweepInterval;
        try
        {
            await this.RegisterOrUpdateReminder(SweepReminder, interval, interval);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Reminders live in storage too: not scheduled means not durable, so the change is refused (and retried).
            throw new StorageUnavailableException("The user's sweep reminder could not be registered.", ex);
        }
        _reminderRegistered = true;
    }

    /// <summary>Starts an acknowledged change of the user's index, devices and links (see <see cref="StateChange{T}"/>).</summary>
    private StateChange<UserState> Begin() => StateChange<UserState>.Begin(state, copier);

    private void ScheduleWatch(TimeSpan due)
    {
        if (_listeners.Count == 0)
        {
            return;
        }
        if (_watchTimer is null)
        {
            _watchTimer = this.RegisterGrainTimer(_ => CheckExpiryAsync(), new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
        }
        else
        {
            _watchTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand a user's events to the tenant feed ({Failures} tries); kept in its outbox, trying again")]
    private partial void LogFeedRetry(Exception exception, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write a user's event history ({Failures} tries); kept in memory, trying again")]
    private partial void LogHistoryRetry(Exception exception, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write a user's event history on deactivation; the events since the last write are lost")]
    private partial void LogHistoryLost(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register a user's sweep reminder for its history; trying again later")]
    private partial void LogSweepNotScheduled(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tidy a user's session index; it stays as stored")]
    private partial void LogTidyRefused(Exception exception);
}
