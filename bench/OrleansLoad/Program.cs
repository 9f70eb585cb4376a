// OrleansLoad: drives SessionCluster directly as an Orleans client (no HTTP hop), with N concurrent workers.
// See LoadOptions.Usage, or bench/README.md. Progress on stderr once per second; results on stdout.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionCluster.Bench.OrleansLoad;

var (options, error) = LoadOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(error is "" ? LoadOptions.Usage : $"{error}\n\n{LoadOptions.Usage}");
    return error is "" ? 0 : 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration["Orleans:ClusterId"] = options.ClusterId;
builder.Configuration["Orleans:ServiceId"] = options.ClusterId;
builder.UseOrleansClient(client =>
{
    client.UseRedisClustering(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(options.Redis));
    // A cluster that is still starting (or a silo that is restarting): keep trying until the start-up deadline below.
    client.UseConnectionRetryFilter(async (_, cancellationToken) =>
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        return true;
    });
});
using var host = builder.Build();
using (var connectDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
{
    await host.StartAsync(connectDeadline.Token);
}
var grains = host.Services.GetRequiredService<IClusterClient>();

var recorder = new Recorder(options.Workers);
var load = new Workloads(grains, options, recorder);
using var stop = new CancellationTokenSource();
var began = Stopwatch.GetTimestamp();
var phase = "starting";
using var progressStop = new CancellationTokenSource();
var progress = ProgressAsync(progressStop.Token);
var description = "";
List<TokenPair>[]? held = null;

switch (options.Mode)
{
    case "create":
        {
            await using var output = options.TokensOut is { } path ? new StreamWriter(path) : null;
            long next = -1;
            if (options.Duration is null)
            {
                description = $"{options.Count} sessions";
                await CountedAsync(() => Enumerable.Range(0, options.Workers).Select(w => load.CreateAsync(w, () =>
                {
                    var i = Interlocked.Increment(ref next);
                    return i < options.Count ? i : -1;
                }, output, stop.Token)).ToArray());
            }
            else
            {
                description = "new sessions";
                await WindowedAsync(token => Enumerable.Range(0, options.Workers)
                    .Select(w => load.CreateAsync(w, () => Interlocked.Increment(ref next), output, token)).ToArray());
            }
            break;
        }
    case "validate":
        {
            var pairs = ReadPairs(options.Tokens!, options.Sample, options.Seed);
            description = $"{pairs.Count} sessions";
            if (options.Once)
            {
                long next = -1;
                await CountedAsync(() => Enumerable.Range(0, options.Workers).Select(w => load.ValidateOnceAsync(w, pairs, () =>
                {
                    var i = Interlocked.Increment(ref next);
                    return i < pairs.Count ? i : -1;
                })).ToArray());
            }
            else
            {
                var slices = Slices(pairs, options.Workers);
                await WindowedAsync(token => slices.Select((mine, w) => load.ValidateLoopAsync(w, mine, token)).ToArray());
            }
            break;
        }
    case "mix":
        {
            var pairs = ReadPairs(options.Tokens!, null, 0);
            description = $"{pairs.Count} sessions";
            var slices = Slices(pairs, options.Workers);
            held = slices;
            await WindowedAsync(token => slices.Select((mine, w) => (Task)load.MixAsync(w, mine, token)).ToArray());
            break;
        }
}

await progressStop.CancelAsync();
await progress;
if (held is not null && options.TokensOut is { } outPath)
{
    await File.WriteAllLinesAsync(outPath, held.SelectMany(h => h).Select(p => p.ToString()));
}
var summary = recorder.Summarize();
var measured = options.Duration is { } d && !options.Once && !(options.Mode == "create" && options.Duration is null)
    ? string.Create(CultureInfo.InvariantCulture, $"{d} s measured after {options.Warmup} s warm-up")
    : "every call measured";
Console.WriteLine($"OrleansLoad {options.Mode}: {options.Workers} workers, tenant {options.Tenant}, {description}, {measured}");
Console.WriteLine(summary.Format(options.Mode));
await host.StopAsync();
return options.Mode == "create" && options.Duration is null && summary.Errors > 0 ? 1 : 0;

// Warm-up (not recorded), then the measured window; the workers stop when it closes.
async Task WindowedAsync(Func<CancellationToken, Task[]> start)
{
    phase = "warm-up";
    var workers = start(stop.Token);
    await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
    recorder.Open();
    phase = "measuring";
    Mark("start");
    await Task.Delay(TimeSpan.FromSeconds(options.Duration!.Value));
    recorder.Close();
    Mark("end");
    await stop.CancelAsync();
    phase = "stopping";
    await Task.WhenAll(workers);
    await WaitForDoneAsync();
}

// Every call recorded, from the first to the last.
async Task CountedAsync(Func<Task[]> start)
{
    recorder.Open();
    phase = "running";
    Mark("start");
    await Task.WhenAll(start());
    recorder.Close();
    Mark("end");
    await WaitForDoneAsync();
}

void Mark(string line)
{
    if (options.MarkFile is { } path)
    {
        File.AppendAllText(path, line + "\n");
    }
}

// The driver appends "done" once it has taken its CPU readings (so this process is still there to be read).
async Task WaitForDoneAsync()
{
    if (options.MarkFile is not { } path)
    {
        return;
    }
    var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
    while (Stopwatch.GetTimestamp() < deadline && !File.ReadLines(path).Contains("done"))
    {
        await Task.Delay(20);
    }
}

async Task ProgressAsync(CancellationToken token)
{
    long last = 0;
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
    try
    {
        while (await timer.WaitForNextTickAsync(token))
        {
            var calls = recorder.Calls;
            if (!options.Quiet)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{Stopwatch.GetElapsedTime(began).TotalSeconds,5:F0}s] {phase,-9} {calls - last,8:N0} calls/s  total {calls,11:N0}  errors {recorder.Errors:N0}"));
            }
            last = calls;
        }
    }
    catch (OperationCanceledException)
    {
        // finished
    }
}

static List<TokenPair> ReadPairs(string path, int? sample, int seed)
{
    var pairs = File.ReadLines(path).Select(TokenPair.Parse).OfType<TokenPair>().ToList();
    if (pairs.Count == 0)
    {
        throw new InvalidOperationException($"no token pairs in {path}");
    }
    if (sample is { } k && k < pairs.Count)
    {
        // Partial Fisher-Yates: a uniform random sample of k, in random order.
#pragma warning disable CA5394 // not security: a reproducible benchmark sample
        var random = new Random(seed);
        for (var i = 0; i < k; i++)
        {
            var j = random.Next(i, pairs.Count);
            (pairs[i], pairs[j]) = (pairs[j], pairs[i]);
        }
#pragma warning restore CA5394
        pairs.RemoveRange(k, pairs.Count - k);
    }
    return pairs;
}

static List<TokenPair>[] Slices(List<TokenPair> pairs, int workers)
{
    var slices = Enumerable.Range(0, workers).Select(_ => new List<TokenPair>()).ToArray();
    for (var i = 0; i < pairs.Count; i++)
    {
        slices[i % workers].Add(pairs[i]);
    }
    return slices;
}
