using System.Diagnostics.Metrics;

namespace SessionCluster.Grains;

/// <summary>
/// The product's own meters (<see cref="MeterName"/>), exported with Orleans' and ASP.NET Core's on <c>/metrics</c>.
/// Counters count per process; sum them across silos.
/// </summary>
public sealed class SessionMetrics : IDisposable
{
    public const string MeterName = "SessionCluster";

    private readonly Meter _meter;
    private readonly Counter<long> _created;
    private readonly Counter<long> _validated;
    private readonly Counter<long> _refreshed;
    private readonly Counter<long> _revoked;
    private readonly Counter<long> _expired;
    private long _activations;

    public SessionMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _created = _meter.CreateCounter<long>("sessioncluster.sessions.created", description: "Sessions created");
        _validated = _meter.CreateCounter<long>("sessioncluster.sessions.validated", description: "Access-token validations, by result");
        _refreshed = _meter.CreateCounter<long>("sessioncluster.sessions.refreshed", description: "Token rotations");
        _revoked = _meter.CreateCounter<long>("sessioncluster.sessions.revoked", description: "Sessions revoked, by reason");
        _expired = _meter.CreateCounter<long>("sessioncluster.sessions.expired", description: "Sessions found expired");
        _meter.CreateObservableGauge("sessioncluster.sessions.active", () => Interlocked.Read(ref _activations),
            description: "Sessions held in memory on this silo (active session grains)");
    }

    public void Created() => _created.Add(1);

    public void Validated(SessionError result) => _validated.Add(1, new KeyValuePair<string, object?>("result", result == SessionError.None ? "ok" : result.ToString()));

    public void Refreshed() => _refreshed.Add(1);

    public void Revoked(string reason) => _revoked.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Expired() => _expired.Add(1);

    public void Activated() => Interlocked.Increment(ref _activations);

    public void Deactivated() => Interlocked.Decrement(ref _activations);

    public void Dispose() => _meter.Dispose();
}
