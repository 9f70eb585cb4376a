using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace SessionCluster.Bench.OrleansLoad;

/// <summary>
/// Counts calls and errors, and keeps every latency of the measured window (per worker, no locking), so the
/// percentiles are exact. Calls before <see cref="Open"/> (the warm-up) are counted for progress only.
/// </summary>
internal sealed class Recorder(int workers)
{
    private readonly List<long>[] _latencies = [.. Enumerable.Range(0, workers).Select(_ => new List<long>(1 << 16))];
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _kinds = new(StringComparer.Ordinal);
    private long _calls;
    private long _errorCount;
    private volatile bool _open;
    private long _openedAt;
    private long _closedAt;

    public long Calls => Interlocked.Read(ref _calls);
    public long Errors => Interlocked.Read(ref _errorCount);
    public bool IsOpen => _open;

    public void Open()
    {
        _openedAt = Stopwatch.GetTimestamp();
        _open = true;
    }

    public void Close()
    {
        _open = false;
        _closedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>One finished call of a worker: its start timestamp, its kind (validate, refresh, ...) and its error (null: success).</summary>
    public void Record(int worker, long started, string kind, string? error)
    {
        var elapsed = Stopwatch.GetTimestamp() - started;
        Interlocked.Increment(ref _calls);
        if (error is not null)
        {
            Interlocked.Increment(ref _errorCount);
        }
        if (!_open)
        {
            return;
        }
        _latencies[worker].Add(elapsed);
        _kinds.AddOrUpdate(kind, 1, (_, n) => n + 1);
        if (error is not null)
        {
            _errors.AddOrUpdate($"{kind}:{error}", 1, (_, n) => n + 1);
        }
    }

    public Summary Summarize()
    {
        var all = _latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        var seconds = Stopwatch.GetElapsedTime(_openedAt, _closedAt == 0 ? Stopwatch.GetTimestamp() : _closedAt).TotalSeconds;
        double Micros(double p) => all.Length == 0 ? 0 : all[Math.Clamp((int)Math.Ceiling(p / 100 * all.Length) - 1, 0, all.Length - 1)] * 1e6 / Stopwatch.Frequency;
        return new Summary(
            all.Length,
            seconds,
            Micros(50), Micros(90), Micros(99), Micros(99.9),
            all.Length == 0 ? 0 : all[^1] * 1e6 / Stopwatch.Frequency,
            all.Length == 0 ? 0 : all.Average() * 1e6 / Stopwatch.Frequency,
            _errors.Values.Sum(),
            _errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}:{e.Value}").ToArray(),
            _kinds.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"ok_{e.Key}={e.Value - _errors.Where(x => x.Key.StartsWith(e.Key + ":", StringComparison.Ordinal)).Sum(x => x.Value)}").ToArray());
    }
}

internal sealed record Summary(
    long Calls, double Seconds, double P50, double P90, double P99, double P999, double Max, double Mean,
    long Errors, string[] ErrorCodes, string[] OkByKind)
{
    public double Rate => Seconds > 0 ? Calls / Seconds : 0;

    /// <summary>The table and the machine-readable RESULT line (same keys as the wrk scripts' done()).</summary>
    public string Format(string mode)
    {
        var inv = CultureInfo.InvariantCulture;
        var codes = ErrorCodes.Length == 0 ? "-" : string.Join(',', ErrorCodes);
        return string.Create(inv, $"""
            {"mode",-10} {"calls/s",10} {"p50 ms",8} {"p99 ms",8} {"p999 ms",8} {"errors",7} {"calls",10} {"seconds",8}
            {mode,-10} {Rate,10:F0} {P50 / 1000,8:F2} {P99 / 1000,8:F2} {P999 / 1000,8:F2} {Errors,7} {Calls,10} {Seconds,8:F2}
            errors: {codes}
            RESULT requests={Calls} duration_us={Seconds * 1e6:F0} rps={Rate:F1} p50_us={P50:F0} p90_us={P90:F0} p99_us={P99:F0} p999_us={P999:F0} max_us={Max:F0} mean_us={Mean:F1} err_connect=0 err_read=0 err_write=0 err_status={Errors} err_timeout=0 non2xx={Errors} codes={codes} {string.Join(' ', OkByKind)}
            """);
    }
}
