using BenchmarkDotNet.Attributes;
using SessionCluster.Grains;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Bench.Micro;

/// <summary>The expiry policy function every validate evaluates (twice: once for the check, once for the view).</summary>
[MemoryDiagnoser]
public class ExpiryBenchmarks
{
    private readonly SessionPolicy _policy = new();
    private readonly SessionPolicy _pinned = new() { Aal2IdleTimeout = TimeSpan.FromHours(1), MaxIdleTimeout = TimeSpan.FromMinutes(15), MaxSessionAge = TimeSpan.FromDays(7) };
    private SessionClock _clock;
    private SessionClock _risky;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        _now = Samples.Now;
        _clock = new SessionClock(_now.AddMinutes(-42), _now.AddSeconds(-5), _now.AddMinutes(-3), RememberMe: false, Aal: 1);
        _risky = _clock with { Aal = 2, Risky = true, RememberMe = true };
    }

    [Benchmark(Description = "ExpiryPolicy.Evaluate (default policy)")]
    public ExpiryState Evaluate() => ExpiryPolicy.Evaluate(_policy, _clock, _now);

    [Benchmark(Description = "ExpiryPolicy.Evaluate (all pins, risky, AAL2)")]
    public ExpiryState EvaluatePinned() => ExpiryPolicy.Evaluate(_pinned, _risky, _now);
}
