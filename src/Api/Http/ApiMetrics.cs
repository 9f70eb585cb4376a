using System.Diagnostics;
using System.Diagnostics.Metrics;
using SessionCluster.Grains;

namespace SessionCluster.Api.Http;

/// <summary>The API node's own meter: how long a validation takes end to end, cluster call included.</summary>
public sealed class ApiMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Histogram<double> _validateDuration;

    public ApiMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(SessionMetrics.MeterName);
        _validateDuration = _meter.CreateHistogram<double>("sessioncluster.validate.duration", unit: "ms",
            description: "Time to validate an access token through the cluster, by result");
    }

    public void Validated(long startTimestamp, SessionError result) =>
        _validateDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds,
            new KeyValuePair<string, object?>("result", result == SessionError.None ? "ok" : result.ToString()));

    public void Dispose() => _meter.Dispose();
}
