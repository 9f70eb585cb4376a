namespace SessionCluster.Grains;

/// <summary>How long a grain waits before it tries again to write what it holds behind (activity, event history).</summary>
internal static class StorageRetry
{
    private static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    /// <summary>1 s, 2 s, 4 s … up to 30 s, with up to a fifth of jitter so grains that failed together do not retry together.</summary>
    public static TimeSpan Delay(int failures)
    {
        var exponential = First * Math.Pow(2, Math.Min(failures - 1, 10));
        var capped = exponential < Longest ? exponential : Longest;
        return capped * (1 + (Random.Shared.NextDouble() * 0.2));
    }
}
