namespace SessionCluster.Grains;

/// <summary>
/// A write made behind the answer (a session's "last seen", a user's event history): at most one pending, run as a
/// grain turn of its own, and, when storage refuses it, kept and tried again with backoff (<see cref="StorageRetry"/>)
/// for as long as the grain lives. A pending write keeps the grain alive.
/// </summary>
internal sealed class WriteBehind(IGrainBase grain, Func<Task> write, Action<Exception, int> refused)
{
    private IGrainTimer? _timer;
    private int _failures;

    /// <summary>Runs the write after <paramref name="delay"/>, unless one is already pending.</summary>
    public void Schedule(TimeSpan delay) =>
        _timer ??= grain.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });

    /// <summary>Drops a pending write (the state it would write is gone).</summary>
    public void Cancel()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        Cancel();
        try
        {
            await write();
            _failures = 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _failures++;
            refused(ex, _failures);
            Schedule(StorageRetry.Delay(_failures));
        }
    }
}
