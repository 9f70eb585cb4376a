namespace SessionCluster.Hosting.Storage;

/// <summary>
/// What one <c>WAIT</c> answered: how many replicas have every earlier write of the connection it went over, and
/// which connection that was (the client's count of sockets opened to the primary, read after the answer).
/// </summary>
internal readonly record struct WaitAnswer(long Replicas, long Connection);

/// <summary>
/// Group commit of replica acknowledgements for one primary. Redis <c>WAIT</c> covers every write its connection
/// made before it, so a write counts once a <c>WAIT</c> sent after the write completed, over the same connection,
/// says enough replicas have it. <c>WAIT</c> blocks the connection it goes over, and StackExchange.Redis sends every
/// command for a primary over one connection: so at most one <c>WAIT</c> is in flight, and the writers that finish
/// while it is out share the next one (one round trip for a whole batch, and reads are held up at most one wait).
/// <para>
/// Replicas known to be missing or behind (a <c>WAIT</c> came back short, or the primary lists too few) refuse writes
/// before they are made, and no <c>WAIT</c> is sent, until the primary reports enough replicas holding everything it
/// had when they fell behind: writes do not each wait out the timeout, and the connection is not blocked meanwhile.
/// </para>
/// </summary>
internal sealed class ReplicaAckGroup(
    int wanted,
    TimeSpan timeout,
    Func<Task<WaitAnswer>> wait,
    Func<Task<ReplicationInfo>> probe,
    TimeProvider time)
{
    /// <summary>How often the primary is asked about its replicas while writes come (and they looked fine).</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often it is asked while they are known missing or behind (each write may ask, at most this often).</summary>
    public static readonly TimeSpan DegradedProbeInterval = TimeSpan.FromMilliseconds(200);

    private readonly Lock _lock = new();
    private TaskCompletionSource<WaitOutcome>? _next;
    private bool _waiting;
    private bool _degraded;
    private long? _catchUpOffset;
    private long _epoch; // +1 each time replicas fall behind: only probes begun since then can say they caught up
    private ReplicationInfo? _lastProbe;
    private long _lastProbeAt;
    private long _lastProbeEpoch;
    private (Task<ReplicationInfo?> Task, long Epoch)? _probing;
    private long _waitsSent;

    /// <summary>WAIT commands sent so far (writes confirmed per WAIT shows the grouping).</summary>
    public long WaitsSent => Interlocked.Read(ref _waitsSent);

    /// <summary>True while writes are refused before they are made.</summary>
    public bool IsDegraded
    {
        get
        {
            lock (_lock)
            {
                return _degraded;
            }
        }
    }

    /// <summary>Before a write: null to go ahead, or why it is refused now (nothing has been written).</summary>
    public async ValueTask<string?> AdmitAsync()
    {
        Task<ReplicationInfo?> asking;
        lock (_lock)
        {
            if (!_degraded)
            {
                if (_lastProbeAt == 0 || time.GetElapsedTime(_lastProbeAt) >= ProbeInterval)
                {
                    _ = Probe(); // for the next writers; this one goes ahead on what is known
                }
                if (Fresh(ProbeInterval * 3) is { IsPrimary: true } seen && seen.OnlineReplicas < wanted)
                {
                    Degrade(seen.Offset);
                    return Missing(seen);
                }
                return null;
            }
            asking = _lastProbeEpoch == _epoch && Fresh(DegradedProbeInterval) is { } recent
                ? Task.FromResult<ReplicationInfo?>(recent)
                : Probe();
        }
        // Known behind: has the primary (asked at most every DegradedProbeInterval, once for all writers) seen them catch up?
        var known = await asking;
        lock (_lock)
        {
            if (!_degraded)
            {
                return null;
            }
            if (known is { IsPrimary: true } info)
            {
                _catchUpOffset ??= info.Offset;
                if (info.ReplicasAt(_catchUpOffset.Value) >= wanted)
                {
                    _degraded = false;
                    _catchUpOffset = null;
                    return null;
                }
                return Missing(info);
            }
            return "the primary did not say whether its replicas are back";
        }
    }

    /// <summary>
    /// After a write made while the primary's connection was <paramref name="connection"/>: null once enough replicas
    /// have it, or why that is not known (the write is on the primary: its outcome is unknown).
    /// </summary>
    public async Task<string?> ConfirmAsync(long connection)
    {
        TaskCompletionSource<WaitOutcome>? send = null;
        Task<WaitOutcome> round;
        lock (_lock)
        {
            _next ??= new TaskCompletionSource<WaitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            round = _next.Task;
            if (!_waiting)
            {
                _waiting = true;
                send = _next;
                _next = null;
            }
        }
        if (send is not null)
        {
            _ = SendAsync(send);
        }
        var outcome = await round;
        if (outcome.Skipped)
        {
            return "replicas are known to be missing or behind";
        }
        if (outcome.Error is { } error)
        {
            return $"asking the replicas failed ({error})";
        }
        if (outcome.Answer.Connection != connection)
        {
            // WAIT counts the writes of its own connection; a new one has made none, so its answer says nothing.
            return "the connection to the primary was replaced during the write";
        }
        return outcome.Answer.Replicas < wanted
            ? $"{outcome.Answer.Replicas} of {wanted} replicas confirmed it within {timeout.TotalMilliseconds:0} ms"
            : null;
    }

    /// <summary>Sends one WAIT for a round, then one for the writers that gathered meanwhile, until none are left.</summary>
    private async Task SendAsync(TaskCompletionSource<WaitOutcome> round)
    {
        while (true)
        {
            round.TrySetResult(await WaitOnceAsync());
            lock (_lock)
            {
                if (_next is null)
                {
                    _waiting = false;
                    return;
                }
                round = _next;
                _next = null;
            }
        }
    }

    private async Task<WaitOutcome> WaitOnceAsync()
    {
        lock (_lock)
        {
            if (_degraded)
            {
                return new WaitOutcome(default, null, Skipped: true);
            }
        }
        Interlocked.Increment(ref _waitsSent);
        try
        {
            var answer = await wait();
            if (answer.Replicas < wanted)
            {
                lock (_lock)
                {
                    Degrade(null); // caught up means: holding what the primary has when next asked
                }
            }
            return new WaitOutcome(answer, null, Skipped: false);
        }
        catch (Exception ex)
        {
            // The connection failed or timed out: that primary's writes fail on their own, no need to degrade.
            return new WaitOutcome(default, ex.GetBaseException().GetType().Name, Skipped: false);
        }
    }

    /// <summary>The probe of the current epoch, started if there is none (call under the lock).</summary>
    private Task<ReplicationInfo?> Probe()
    {
        if (_probing is { } running && running.Epoch == _epoch)
        {
            return running.Task;
        }
        var epoch = _epoch;
        var task = RunProbeAsync(epoch);
        _probing = (task, epoch);
        return task;
    }

    private async Task<ReplicationInfo?> RunProbeAsync(long epoch)
    {
        await Task.Yield(); // never runs under the caller's lock
        ReplicationInfo? info = null;
        try
        {
            info = await probe();
        }
        catch (Exception)
        {
            // Unknown: not a reason to refuse while replicas looked fine, not a reason to admit while they did not.
        }
        lock (_lock)
        {
            if (_probing is { } mine && mine.Epoch == epoch)
            {
                _probing = null;
            }
            _lastProbe = info;
            _lastProbeAt = time.GetTimestamp();
            _lastProbeEpoch = epoch;
        }
        return info;
    }

    private ReplicationInfo? Fresh(TimeSpan maxAge) =>
        _lastProbeAt != 0 && time.GetElapsedTime(_lastProbeAt) <= maxAge ? _lastProbe : null;

    private void Degrade(long? catchUpOffset)
    {
        if (!_degraded)
        {
            _degraded = true;
            _catchUpOffset = catchUpOffset;
            _epoch++;
        }
    }

    private string Missing(ReplicationInfo info) =>
        $"{info.OnlineReplicas} replicas connected, {(_catchUpOffset is { } at ? info.ReplicasAt(at) : info.OnlineReplicas)} caught up, {wanted} required";

    private readonly record struct WaitOutcome(WaitAnswer Answer, string? Error, bool Skipped);
}

/// <summary>A primary's view of its replicas (Redis <c>ROLE</c>, which lists only those online): how far each has confirmed.</summary>
internal sealed record ReplicationInfo(bool IsPrimary, long Offset, IReadOnlyList<long> Replicas)
{
    public int OnlineReplicas => Replicas.Count;

    /// <summary>Online replicas that confirmed everything up to <paramref name="offset"/>.</summary>
    public int ReplicasAt(long offset) => Replicas.Count(r => r >= offset);

    public static ReplicationInfo From(StackExchange.Redis.Role role) => role is StackExchange.Redis.Role.Master primary
        ? new ReplicationInfo(true, primary.ReplicationOffset, [.. primary.Replicas.Select(r => r.ReplicationOffset)])
        : new ReplicationInfo(false, 0, []);
}
