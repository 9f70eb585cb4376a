using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Grains.Events;

/// <summary>
/// Delivers one feed partition to one webhook endpoint of its tenant (key <c>{tenantId}/{name}/{partition}</c>), one
/// event at a time in partition order, so each user's events arrive in order. A failed attempt is retried with
/// exponential backoff and jitter (<see cref="WebhookBackoff"/>) — later events wait behind it — until the retry
/// window is spent: then the endpoint is failing, probed every <see cref="EventsOptions.WebhookProbeInterval"/> and
/// resumed by a probe that succeeds or by a replay. Its position is written behind (a crash re-delivers at most a
/// second's worth: at least once). A reminder brings it back after a crash. Each endpoint and partition is a grain
/// of its own, so a slow endpoint holds up nothing else.
/// </summary>
[GrainType(GrainTypes.Webhook)]
internal sealed partial class WebhookGrain(
    [PersistentState(StateNames.Webhook, StorageNames.Users)] IPersistentState<WebhookState> state,
    IWebhookSender sender,
    IOptionsMonitor<EventsOptions> events,
    IOptionsMonitor<SessionClusterOptions> tenants,
    EventMetrics metrics,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrainInternal, IRemindable
{
    private const string Reminder = "deliver";
    private const int Batch = 100;
    private static readonly TimeSpan PositionWriteDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FeedRetry = TimeSpan.FromSeconds(2);

    private string _tenantId = "";
    private string _name = "";
    private int _partition;
    private long _lastSequence;
    private IGrainTimer? _next;
    private WriteBehind _saves = null!;

    private WebhookState S => state.State;

    private string Endpoint => $"{_tenantId}/{_name}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (tenantId, rest) = GrainKeys.Split(this.GetPrimaryKeyString());
        var slash = rest.LastIndexOf('/');
        _tenantId = tenantId;
        _name = rest[..slash];
        _partition = int.Parse(rest[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        _saves = new WriteBehind(this, () => state.WriteStateAsync(), (ex, failures) => LogSaveRetry(ex, Endpoint, failures));
        if (Hook is not null)
        {
            try
            {
                // Survives the silo: after a crash the reminder reactivates the delivery within a minute.
                await this.RegisterOrUpdateReminder(Reminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReminderFailed(ex, Endpoint); // a kick from the partition activates it all the same
            }
            Schedule(S.Health == WebhookHealth.Healthy ? TimeSpan.Zero : Backoff());
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSaveRetry(ex, Endpoint, 1); // the events since the last write are delivered again: at least once
        }
    }

    public Task KickAsync()
    {
        if (_next is null && S.Health != WebhookHealth.Failing)
        {
            Schedule(TimeSpan.Zero);
        }
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Hook is null)
        {
            // The endpoint left the configuration: so does its reminder.
            if (await this.GetReminder(Reminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
            return;
        }
        if (_next is null)
        {
            Schedule(S.Health == WebhookHealth.Failing ? Backoff() : TimeSpan.Zero);
        }
    }

    public Task<WebhookStatusView> GetStatusAsync() => Task.FromResult(new WebhookStatusView
    {
        Health = S.Health,
        LastError = S.LastError,
        Backlog = Math.Max(0, _lastSequence - S.DeliveredSequence),
        Position = S.Position,
        LastDeliveredAt = S.LastDeliveredAt,
    });

    public async Task ReplayAsync(string? after)
    {
        if (after is not null)
        {
            FeedPosition.Parse(after);
            S.Position = after;
            S.DeliveredSequence = 0; // unknown until the first event delivered again
        }
        S.Health = WebhookHealth.Healthy;
        S.Failures = 0;
        S.FailingSince = null;
        await state.WriteStateAsync();
        Schedule(TimeSpan.Zero);
    }

    private WebhookOptions? Hook =>
        tenants.CurrentValue.Tenants.TryGetValue(_tenantId, out var tenant) && tenant.Webhooks.TryGetValue(_name, out var hook) ? hook : null;

    private void Schedule(TimeSpan due)
    {
        _next?.Dispose();
        _next = this.RegisterGrainTimer(DeliverAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>The pause before the next attempt: the backoff while retrying, the probe interval while failing.</summary>
    private TimeSpan Backoff()
    {
        var o = events.CurrentValue;
        return S.Health == WebhookHealth.Failing ? o.WebhookProbeInterval : WebhookBackoff.Delay(Math.Max(1, S.Failures), o.WebhookMaxBackoff, Random.Shared.NextDouble());
    }

    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        _next?.Dispose();
        _next = null;
        if (Hook is not { } hook)
        {
            return;
        }
        var filter = EventTypeFilter.TryCreate(hook.Types, out _) ?? EventTypeFilter.All;
        FeedPage page;
        try
        {
            page = await GrainFactory.FeedInternal(_tenantId, _partition).ReadAsync(S.Position, Batch, TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The partition is moving (its silo died) or its store is down: try again shortly.
            LogFeedUnavailable(ex, Endpoint);
            Schedule(FeedRetry);
            return;
        }
        _lastSequence = page.LastSequence;
        var moved = false;
        foreach (var e in page.Events)
        {
            if (filter.Matches(e.Event.Type))
            {
                var error = await sender.SendAsync(hook, e, cancellationToken);
                if (error is not null)
                {
                    Failed(error);
                    _saves.Schedule(TimeSpan.Zero);
                    Schedule(Backoff());
                    return;
                }
                var now = DateTimeOffset.UtcNow;
                metrics.Delivered(Endpoint, now - e.Event.At);
                S.LastDeliveredAt = now;
                if (S.Health != WebhookHealth.Healthy)
                {
                    LogRecovered(Endpoint, S.Failures);
                }
                S.Health = WebhookHealth.Healthy;
                S.Failures = 0;
                S.FailingSince = null;
            }
            S.Position = e.Position;
            S.DeliveredSequence = e.Sequence;
            moved = true;
        }
        if (moved)
        {
            _saves.Schedule(PositionWriteDelay);
        }
        if (page.Events.Count == Batch)
        {
            Schedule(TimeSpan.Zero);
        }
    }

    private void Failed(string error)
    {
        var now = DateTimeOffset.UtcNow;
        S.Failures++;
        S.LastError = error;
        S.FailingSince ??= now;
        if (S.Health == WebhookHealth.Failing)
        {
            return; // a probe that failed: keep probing
        }
        if (WebhookBackoff.WindowSpent(S.FailingSince.Value, now, events.CurrentValue.WebhookRetryWindow))
        {
            S.Health = WebhookHealth.Failing;
            metrics.Failed(Endpoint);
            LogFailing(Endpoint, S.Failures, error);
        }
        else
        {
            S.Health = WebhookHealth.Retrying;
            metrics.Retried(Endpoint);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {Endpoint} is failing after {Failures} attempts ({Error}); probing it until it recovers or is replayed")]
    private partial void LogFailing(string endpoint, int failures, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook endpoint {Endpoint} recovered after {Failures} failed attempts")]
    private partial void LogRecovered(string endpoint, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the delivery position of webhook endpoint {Endpoint} ({Failures} tries)")]
    private partial void LogSaveRetry(Exception exception, string endpoint, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {Endpoint} could not read its feed partition; trying again")]
    private partial void LogFeedUnavailable(Exception exception, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register the delivery reminder of webhook endpoint {Endpoint}")]
    private partial void LogReminderFailed(Exception exception, string endpoint);
}
