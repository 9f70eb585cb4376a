using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Utilities;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Grains;

[GrainType(GrainTypes.User)]
internal sealed class UserGrain(
    [PersistentState(StateNames.User, StorageNames.Users)] IPersistentState<UserState> state,
    [PersistentState(StateNames.UserEvents, StorageNames.Users)] IPersistentState<UserEventsState> history,
    DeepCopier<UserState> copier,
    DeepCopier<UserEventsState> historyCopier,
    ITenantPolicies policies,
    IOptionsMonitor<SessionClusterOptions> options,
    [FromKeyedServices(Clock.ServiceKey)] TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain, IRemindable
{
    private const string SweepReminder = "sweep";

    /// <summary>Live listeners lapse unless renewed within this (clients renew every 30 s).</summary>
    private static readonly TimeSpan ListenerLifetime = TimeSpan.FromMinutes(1);

    /// <summary>However far the next warning is, re-check this often so new activity and new sessions are seen.</summary>
    private static readonly TimeSpan MaxWatchInterval = TimeSpan.FromSeconds(30);

    private readonly ObserverManager<ISessionEventObserver> _listeners = new(ListenerLifetime, logger);

    /// <summary>The expiry instant each session was last warned about: one <c>session.expiring</c> per warning window.</summary>
    private readonly Dictionary<string, DateTimeOffset> _warned = new(StringComparer.Ordinal);

    /// <summary>Events reach storage in batches at most this long after they happen (a crash can lose that much history, never a session change).</summary>
    private static readonly TimeSpan EventFlushDelay = TimeSpan.FromSeconds(1);

    private string _tenantId = "";
    private string _userId = "";
    private bool _reminderRegistered;
    private bool _eventsDirty;
    private int _eventFlushFailures;
    private IGrainTimer? _eventFlushTimer;
    private IGrainTimer? _watchTimer;

    private Dictionary<string, UserSessionEntry> Index => state.State.Sessions;

    private SessionPolicy Policy => policies.Get(_tenantId);

    private List<SessionEvent> Events => history.State.Events;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _userId) = GrainKeys.Split(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushEventsAsync();

    public async Task<SessionResult> CreateSessionAsync(CreateSessionCommand command)
    {
        if (!string.Equals(command.UserId, _userId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The command is for user '{command.UserId}', not this grain's user.", nameof(command));
        }
        var sessionId = command.IdempotencyKey is { } key ? TokenCrypto.SessionIdFor(key) : TokenCrypto.NewSessionId();
        if (Index.ContainsKey(sessionId))
        {
            // A retry of a create that may have gone through: the session answers it (same tokens) or refuses.
            return await GrainFactory.GetSessionGrain(_tenantId, sessionId).CreateAsync(command);
        }
        var policy = Policy;
        var evicted = new List<string>();
        if (policy.MaxSessionsPerUser > 0)
        {
            var active = await ActiveSessionsAsync();
            if (active.Count >= policy.MaxSessionsPerUser)
            {
                if (policy.SessionLimitAction == SessionLimitAction.RejectNew)
                {
                    return SessionResult.Fail(SessionError.SessionLimitReached);
                }
                // Evict the least recently used sessions until the new one fits.
                foreach (var victim in active.OrderBy(s => s.LastSeenAt).Take(active.Count - policy.MaxSessionsPerUser + 1))
                {
                    await GrainFactory.GetSessionGrain(_tenantId, victim.SessionId).RevokeAsync("session_limit_evicted");
                    evicted.Add(victim.SessionId);
                }
            }
        }

        var change = Begin();
        evicted.ForEach(MarkEnded);
        var device = command.Device ?? new DeviceInfo();
        if (string.IsNullOrEmpty(device.Id))
        {
            device = device with { Id = "dev_" + TokenCrypto.NewSessionId() };
        }
        var now = time.GetUtcNow();
        var newDevice = RegisterDevice(device, command.LinkedVia, now);
        // Index first: a session that exists is always findable (and swept); an entry whose creation failed is pruned on read.
        Index[sessionId] = new UserSessionEntry { DeviceId = device.Id!, CreatedAt = now };
        await change.WriteAsync();
        await EnsureSweepReminderAsync();
        var fromNewDevice = newDevice && Devices.Count > 1 && command.LinkedVia != DeviceLinkKinds.Link;
        var result = await GrainFactory.GetSessionGrain(_tenantId, sessionId).CreateAsync(command with { Device = device, FromNewDevice = fromNewDevice });
        if (!result.Succeeded)
        {
            var undo = Begin();
            Index.Remove(sessionId);
            await SaveAsync(undo);
            return result;
        }
        if (command.LinkedVia == DeviceLinkKinds.Link)
        {
            if (command.LinkId is { } linkId && state.State.PendingLinks.ContainsKey(linkId))
            {
                var collected = Begin();
                state.State.PendingLinks.Remove(linkId);
                await collected.WriteAsync();
            }
            await AppendEventAsync(NewEvent(EventTypes.DeviceLinked, now, sessionId, device.Id, new() { ["name"] = device.Name ?? "", ["type"] = device.Type ?? "" }));
        }
        else if (fromNewDevice)
        {
            // A sign-in from a device this user never used before, while they have others: worth telling them.
            await AppendEventAsync(NewEvent(EventTypes.SecurityAlert, now, sessionId, device.Id, new()
            {
                ["reason"] = "new_device",
                ["name"] = device.Name ?? "",
                ["seenIp"] = command.Client?.Ip ?? "",
                ["seenUserAgent"] = command.Client?.UserAgent ?? "",
            }));
        }
        ScheduleWatch(TimeSpan.Zero);
        return result;
    }

    public async Task<IReadOnlyList<DeviceView>> ListDevicesAsync()
    {
        var active = (await ActiveSessionsAsync()).GroupBy(s => s.Device.Id ?? "").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return [.. Devices.Select(d =>
        {
            var sessions = active.GetValueOrDefault(d.Key) ?? [];
            var lastSeen = sessions.Select(s => s.LastSeenAt).Append(d.Value.LastSeenAt).Max();
            return new DeviceView
            {
                DeviceId = d.Key, Name = d.Value.Name, Type = d.Value.Type, FirstSeenAt = d.Value.FirstSeenAt,
                LastSeenAt = lastSeen, LinkedVia = d.Value.LinkedVia, ActiveSessions = sessions.Count,
            };
        }).OrderByDescending(d => d.LastSeenAt)];
    }

    public async Task<int?> RemoveDeviceAsync(string deviceId)
    {
        if (!Devices.ContainsKey(deviceId))
        {
            return null;
        }
        var change = Begin();
        Devices.Remove(deviceId);
        var targets = LiveIds().Where(id => Index[id].DeviceId == deviceId).ToList();
        var revoked = await Task.WhenAll(targets.Select(id => GrainFactory.GetSessionGrain(_tenantId, id).RevokeAsync("device_removed")));
        targets.ForEach(MarkEnded);
        await SaveAsync(change);
        // Through this grain's own queue, so listeners see it after the session.revoked events the sessions just sent.
        await this.AsReference<IUserGrain>().RecordEventAsync(NewEvent(EventTypes.DeviceRemoved, time.GetUtcNow(), null, deviceId, new()
        {
            ["revokedSessions"] = revoked.Count(r => r).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        return revoked.Count(r => r);
    }

    public async Task LinkApprovedAsync(string linkId)
    {
        var change = Begin();
        state.State.PendingLinks[linkId] = time.GetUtcNow();
        await change.WriteAsync();
        await EnsureSweepReminderAsync();
    }

    public async Task EraseAsync()
    {
        var change = Begin();
        var historyChange = StateChange<UserEventsState>.Begin(history, historyCopier);
        try
        {
            await Task.WhenAll(state.State.PendingLinks.Keys.Select(id => GrainFactory.GetDeviceLinkGrain(_tenantId, id).CancelAsync()));
            state.State.PendingLinks.Clear();
            await Task.WhenAll(Index.Keys.Select(id => GrainFactory.GetSessionGrain(_tenantId, id).EraseAsync()));
            await GrainFactory.GetMfaGrain(_tenantId, _userId).EraseAsync();
            Index.Clear();
            Devices.Clear();
            Events.Clear();
            _eventsDirty = true;
            await SaveAsync(change);
        }
        catch
        {
            // Not erased: the user keeps what storage holds (the history is written behind, so written again).
            change.Undo();
            historyChange.Undo();
            throw;
        }
        _warned.Clear();
    }

    private Dictionary<string, DeviceRecord> Devices => state.State.Devices;

    /// <summary>Adds or refreshes the device in the registry; true when it is new to this user.</summary>
    private bool RegisterDevice(DeviceInfo device, string linkedVia, DateTimeOffset now)
    {
        if (Devices.TryGetValue(device.Id!, out var known))
        {
            known.Name = device.Name ?? known.Name;
            known.Type = device.Type ?? known.Type;
            known.LastSeenAt = now;
            return false;
        }
        Devices[device.Id!] = new DeviceRecord { Name = device.Name, Type = device.Type, FirstSeenAt = now, LastSeenAt = now, LinkedVia = linkedVia };
        return true;
    }

    private static SessionEvent NewEvent(string type, DateTimeOffset now, string? sessionId, string? deviceId, Dictionary<string, string> detail) => new()
    {
        Id = UserEvents.NewId(now),
        Type = type,
        At = now,
        SessionId = sessionId,
        DeviceId = deviceId,
        Detail = detail,
    };

    public async Task<IReadOnlyList<SessionView>> ListSessionsAsync() =>
        [.. (await ActiveSessionsAsync()).OrderByDescending(s => s.CreatedAt)];

    public async Task<int> RevokeAllAsync(string? exceptSessionId, string reason)
    {
        var change = Begin();
        var targets = LiveIds().Where(id => !string.Equals(id, exceptSessionId, StringComparison.Ordinal)).ToList();
        var revoked = await Task.WhenAll(targets.Select(id => GrainFactory.GetSessionGrain(_tenantId, id).RevokeAsync(reason)));
        targets.ForEach(MarkEnded);
        await SaveAsync(change);
        return revoked.Count(r => r);
    }

    public async Task SessionEndedAsync(string sessionId)
    {
        if (Index.TryGetValue(sessionId, out var entry) && entry.EndedAt is null)
        {
            var change = Begin();
            MarkEnded(sessionId);
            await SaveAsync(change);
        }
    }

    public Task RecordEventAsync(SessionEvent sessionEvent) => AppendEventAsync(sessionEvent);

    private async Task AppendEventAsync(SessionEvent sessionEvent)
    {
        Events.Add(sessionEvent);
        if (Events.Count > EventHistory.Limit)
        {
            Events.RemoveRange(0, Events.Count - EventHistory.Limit);
        }
        await _listeners.Notify(listener => listener.OnEventAsync(sessionEvent));
        _eventsDirty = true;
        ScheduleEventFlush(EventFlushDelay);
        await EnsureSweepReminderAsync();
    }

    private void ScheduleEventFlush(TimeSpan delay) =>
        _eventFlushTimer ??= this.RegisterGrainTimer(async _ =>
        {
            _eventFlushTimer?.Dispose();
            _eventFlushTimer = null;
            try
            {
                await FlushEventsAsync();
                _eventFlushFailures = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The history is written behind: kept in memory and tried again, backing off, while the grain lives.
                _eventFlushFailures++;
                logger.LogWarning(ex, "Could not write a user's event history ({Failures} tries); kept in memory, trying again", _eventFlushFailures);
                ScheduleEventFlush(StorageRetry.Delay(_eventFlushFailures));
            }
        }, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });

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

    public Task<IReadOnlyList<SessionEvent>> GetEventsAsync(int limit)
    {
        var events = Events;
        var take = Math.Clamp(limit, 0, EventHistory.Limit);
        return Task.FromResult<IReadOnlyList<SessionEvent>>([.. events.Skip(Math.Max(0, events.Count - take)).Reverse()]);
    }

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
        var now = time.GetUtcNow();
        var lead = Policy.WarningLead;
        var next = MaxWatchInterval;
        foreach (var view in await ActiveSessionsAsync())
        {
            var expiresAt = view.IdleExpiresAt;
            if (view.ExpiresSoon && !(_warned.TryGetValue(view.SessionId, out var warned) && warned == expiresAt))
            {
                _warned[view.SessionId] = expiresAt;
                await AppendEventAsync(NewEvent(EventTypes.SessionExpiring, now, view.SessionId, view.Device.Id, new()
                {
                    ["expiresAt"] = Timestamps.ToText(expiresAt),
                    ["secondsLeft"] = ((int)Math.Ceiling((expiresAt - now).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                }));
            }
            var warnAt = expiresAt - lead;
            var due = (warnAt > now ? warnAt : expiresAt) - now;
            if (due < next)
            {
                next = due;
            }
        }
        // ActiveSessionsAsync swept the sessions found expired (their session.expired is on its way).
        ScheduleWatch(next < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : next);
    }

    public async Task SweepAsync()
    {
        var change = Begin();
        var ids = Index.Keys.ToList();
        var results = await Task.WhenAll(ids.Select(id => GrainFactory.GetSessionGrain(_tenantId, id).SweepAsync()));
        for (var i = 0; i < ids.Count; i++)
        {
            if (results[i].Gone)
            {
                Index.Remove(ids[i]);
                _warned.Remove(ids[i]);
            }
            else if (results[i].Status != SessionStatus.Active && Index[ids[i]].EndedAt is null)
            {
                Index[ids[i]].EndedAt = results[i].EndedAt ?? time.GetUtcNow();
            }
        }
        // An approved link not collected within its lifetime has expired; forget it.
        var linkCutoff = time.GetUtcNow() - Policy.DeviceLinkLifetime;
        foreach (var linkId in state.State.PendingLinks.Where(l => l.Value < linkCutoff).Select(l => l.Key).ToList())
        {
            state.State.PendingLinks.Remove(linkId);
        }
        var cutoff = time.GetUtcNow() - Policy.EventRetention;
        _eventsDirty |= Events.RemoveAll(e => e.At < cutoff) > 0;
        // A device goes with its last session.
        var withSessions = Index.Values.Select(e => e.DeviceId).ToHashSet(StringComparer.Ordinal);
        foreach (var deviceId in Devices.Keys.Where(id => !withSessions.Contains(id)).ToList())
        {
            Devices.Remove(deviceId);
        }
        await SaveAsync(change);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == SweepReminder ? SweepAsync() : Task.CompletedTask;

    /// <summary>Asks every live session for its state; records the ones found dead, forgets the ones gone.</summary>
    private async Task<List<SessionView>> ActiveSessionsAsync()
    {
        var ids = LiveIds().ToList();
        var results = await Task.WhenAll(ids.Select(id => GrainFactory.GetSessionGrain(_tenantId, id).GetAsync()));
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
                    var swept = await GrainFactory.GetSessionGrain(_tenantId, ids[i]).SweepAsync();
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
        foreach (var (sessionId, endedAt) in ended)
        {
            if (Index.TryGetValue(sessionId, out var entry))
            {
                entry.EndedAt ??= endedAt;
            }
            _warned.Remove(sessionId);
        }
        gone.ForEach(id => Index.Remove(id));
        try
        {
            await SaveAsync(change);
        }
        catch (StorageUnavailableException ex)
        {
            logger.LogWarning(ex, "Could not tidy a user's session index; it stays as stored");
        }
    }

    private IEnumerable<string> LiveIds() => Index.Where(e => e.Value.EndedAt is null).Select(e => e.Key);

    private void MarkEnded(string sessionId)
    {
        if (Index.TryGetValue(sessionId, out var entry))
        {
            entry.EndedAt ??= time.GetUtcNow();
        }
        _warned.Remove(sessionId);
    }

    /// <summary>
    /// Keeps only what the product promises: the index of sessions not yet purged, and events inside their retention.
    /// With nothing left, the user's state leaves storage and its sweep reminder is cancelled.
    /// </summary>
    private async Task SaveAsync(StateChange<UserState> change)
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
        if (Index.Count > 0 || state.State.PendingLinks.Count > 0)
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
        if (_listeners.Count == 0)
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
        await this.RegisterOrUpdateReminder(SweepReminder, interval, interval);
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
}
