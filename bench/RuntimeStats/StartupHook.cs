using System.Diagnostics;
using System.Globalization;

#pragma warning disable CA1050 // The runtime looks for a type named exactly StartupHook, in no namespace.
#pragma warning disable CA1812 // Instantiated by no one: the runtime calls Initialize.

/// <summary>
/// Loaded by the runtime before Main when <c>DOTNET_STARTUP_HOOKS</c> names this assembly. Writes one CSV line per
/// <c>RUNTIME_STATS_INTERVAL_MS</c> (default 1000) to <c>RUNTIME_STATS_FILE</c>, or to <c>runtime-stats-{pid}.csv</c> in
/// <c>RUNTIME_STATS_DIR</c> (for several processes started with the same environment):
/// unix_ms, cpu_ms, alloc_bytes, gen0, gen1, gen2, heap_bytes, gc_pause_ms, threads, threadpool_queue, lock_contentions, working_set.
/// All values are cumulative or current readings from the runtime's own APIs (the same sources dotnet-counters reads).
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable("RUNTIME_STATS_FILE");
        if (string.IsNullOrEmpty(path) && Environment.GetEnvironmentVariable("RUNTIME_STATS_DIR") is { Length: > 0 } dir)
        {
            path = Path.Combine(dir, $"runtime-stats-{Environment.ProcessId}.csv");
        }
        if (string.IsNullOrEmpty(path))
        {
            return;
        }
        var interval = int.TryParse(Environment.GetEnvironmentVariable("RUNTIME_STATS_INTERVAL_MS"), CultureInfo.InvariantCulture, out var ms) && ms > 0 ? ms : 1000;
        var thread = new Thread(() => Run(path, interval)) { IsBackground = true, Name = "runtime-stats" };
        thread.Start();
    }

    private static void Run(string path, int interval)
    {
        using var writer = new StreamWriter(path, append: false) { AutoFlush = true };
        writer.WriteLine("unix_ms,cpu_ms,alloc_bytes,gen0,gen1,gen2,heap_bytes,gc_pause_ms,threads,threadpool_queue,lock_contentions,working_set");
        using var process = Process.GetCurrentProcess();
        while (true)
        {
            process.Refresh();
            writer.WriteLine(string.Join(',',
                DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                process.TotalProcessorTime.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture),
                GC.GetTotalAllocatedBytes(precise: false).ToString(CultureInfo.InvariantCulture),
                GC.CollectionCount(0).ToString(CultureInfo.InvariantCulture),
                GC.CollectionCount(1).ToString(CultureInfo.InvariantCulture),
                GC.CollectionCount(2).ToString(CultureInfo.InvariantCulture),
                GC.GetGCMemoryInfo().HeapSizeBytes.ToString(CultureInfo.InvariantCulture),
                GC.GetTotalPauseDuration().TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
                ThreadPool.ThreadCount.ToString(CultureInfo.InvariantCulture),
                ThreadPool.PendingWorkItemCount.ToString(CultureInfo.InvariantCulture),
                Monitor.LockContentionCount.ToString(CultureInfo.InvariantCulture),
                process.WorkingSet64.ToString(CultureInfo.InvariantCulture)));
            Thread.Sleep(interval);
        }
    }
}
