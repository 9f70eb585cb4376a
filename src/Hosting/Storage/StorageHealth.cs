using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SessionCluster.Grains;

namespace SessionCluster.Hosting.Storage;

/// <summary>
/// What the grain storage has been doing lately, for readiness (<c>/readyz</c> says "degraded" with the detail) and
/// metrics (<c>sessioncluster.storage.failures</c>, by operation and reason). A silo whose storage fails stays
/// ready: it still answers validation of the sessions it holds in memory.
/// </summary>
public sealed class StorageHealth : IDisposable
{
    /// <summary>How long a failure keeps readiness degraded after the last one.</summary>
    public static readonly TimeSpan DegradedFor = TimeSpan.FromSeconds(30);

    private readonly Meter _meter;
    private readonly Counter<long> _failures;
    private readonly TimeProvider _time;
    private long _lastFailureTicks;
    private long _failureCount;
    private string? _lastError;

    public StorageHealth(IMeterFactory meters, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _meter = meters.Create(SessionMetrics.MeterName);
        _failures = _meter.CreateCounter<long>("sessioncluster.storage.failures",
            description: "Grain storage calls refused (storage_unavailable), by operation and reason");
    }

    /// <summary>Whether the storage connection is up right now (null: the storage has no connection to watch).</summary>
    public Func<bool>? IsConnected { get; set; }

    public void Failed(string operation, string reason, string error)
    {
        Interlocked.Increment(ref _failureCount);
        Interlocked.Exchange(ref _lastFailureTicks, _time.GetUtcNow().UtcTicks);
        _lastError = error;
        _failures.Add(1, new("operation", operation), new("reason", reason));
    }

    public HealthCheckResult Check()
    {
        var connected = IsConnected?.Invoke();
        var lastTicks = Interlocked.Read(ref _lastFailureTicks);
        var lastFailure = lastTicks == 0 ? (DateTimeOffset?)null : new DateTimeOffset(lastTicks, TimeSpan.Zero);
        var data = new Dictionary<string, object>
        {
            ["failures"] = Interlocked.Read(ref _failureCount),
        };
        if (connected is { } c)
        {
            data["connected"] = c;
        }
        if (lastFailure is { } at)
        {
            data["lastFailureAt"] = Timestamps.ToText(at);
            data["lastError"] = _lastError ?? "";
        }
        var recent = lastFailure is { } last && _time.GetUtcNow() - last < DegradedFor;
        if (connected == false || recent)
        {
            return HealthCheckResult.Degraded(
                connected == false
                    ? "storage is unreachable: writes and activations are refused (storage_unavailable); sessions in memory still validate"
                    : "storage refused calls in the last 30 s: writes may be refused (storage_unavailable); sessions in memory still validate",
                data: data);
        }
        return HealthCheckResult.Healthy("storage takes writes", data);
    }

    public void Dispose() => _meter.Dispose();
}

/// <summary>The readiness entry for <see cref="StorageHealth"/>.</summary>
public sealed class StorageHealthCheck(StorageHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(health.Check());
}
