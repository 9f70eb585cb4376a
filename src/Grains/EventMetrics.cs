using System.Diagnostics.Metrics;

namespace SessionCluster.Grains;

/// <summary>The feed's and webhooks' meters (on <see cref="SessionMetrics.MeterName"/>; counts per process, sum across silos).</summary>
public sealed class EventMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _written;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _lag;

    public EventMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(SessionMetrics.MeterName);
        _written = _meter.CreateCounter<long>("sessioncluster.events.written", description: "Events written to a tenant feed");
        _duplicates = _meter.CreateCounter<long>("sessioncluster.events.duplicates", description: "Events sent to the feed again (outbox re-sends) and dropped as already there");
        _delivered = _meter.CreateCounter<long>("sessioncluster.webhooks.delivered", description: "Webhook deliveries answered 2xx, by endpoint");
        _retried = _meter.CreateCounter<long>("sessioncluster.webhooks.retried", description: "Webhook attempts that failed and will be retried, by endpoint");
        _failed = _meter.CreateCounter<long>("sessioncluster.webhooks.failed", description: "Endpoints marked failing (retry window spent), by endpoint");
        _lag = _meter.CreateHistogram<double>("sessioncluster.webhooks.lag", unit: "s",
            description: "From an event happening to its delivery being acknowledged, by endpoint");
    }

    public void Written(int count) => _written.Add(count);

    public void Duplicates(int count) => _duplicates.Add(count);

    public void Delivered(string endpoint, TimeSpan lag)
    {
        var tag = new KeyValuePair<string, object?>("endpoint", endpoint);
        _delivered.Add(1, tag);
        _lag.Record(Math.Max(0, lag.TotalSeconds), tag);
    }

    public void Retried(string endpoint) => _retried.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));

    public void Failed(string endpoint) => _failed.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));

    public void Dispose() => _meter.Dispose();
}
