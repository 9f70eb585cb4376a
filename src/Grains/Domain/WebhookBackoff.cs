namespace SessionCluster.Grains.Domain;

/// <summary>
/// The pause before the next delivery attempt: exponential from one second (1, 2, 4, 8 … s), capped, with "equal
/// jitter" (half fixed, half random) so endpoints that failed together do not come back in lockstep.
/// </summary>
public static class WebhookBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);

    /// <param name="failures">consecutive failures so far (1 after the first).</param>
    /// <param name="random">a uniform number in [0, 1).</param>
    public static TimeSpan Delay(int failures, TimeSpan max, double random)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var full = Math.Min(max.TotalMilliseconds, First.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds((full / 2) + (full / 2 * Math.Clamp(random, 0, 1)));
    }

    /// <summary>Retried for longer than the window since the first failure in a row: the endpoint is failing.</summary>
    public static bool WindowSpent(DateTimeOffset failingSince, DateTimeOffset now, TimeSpan window) => now - failingSince >= window;
}
