using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SessionCluster.Tests.Api;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Redis;

/// <summary>A Redis of its own (the test kills it) under a cluster of its own: two silos and one API node.</summary>
public sealed class OutageCluster : IAsyncLifetime
{
    public RedisServer Redis { get; } = new();

    public ProcessCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Redis.InitializeAsync();
        Cluster = new ProcessCluster(Redis);
        await Cluster.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

/// <summary>
/// The operator's outage, in the suite: Redis killed (-9) for 15 s under mixed load, the silos killed (-9) before it
/// returns, then everything restarted. Every acknowledged create, refresh and revoke must hold afterwards; writes
/// during the outage are refused fast with <c>storage_unavailable</c>; validates of warm sessions go on.
/// </summary>
public sealed class RedisOutageTests(OutageCluster outage, ITestOutputHelper output) : IClassFixture<OutageCluster>
{
    /// <summary>What a write is refused within while Redis is down (StorageOptions.OperationTimeout).</summary>
    private static readonly TimeSpan RefusalBound = TimeSpan.FromSeconds(1);

    /// <summary>
    /// What the defect took per try: StackExchange.Redis's backlog timeout. No refusal may come near it, however loaded
    /// this shared box is (a single slow call under load is noise; a refusal waiting on the backlog is the bug).
    /// </summary>
    private static readonly TimeSpan BacklogTimeout = TimeSpan.FromSeconds(5);

    private const int WarmSessions = 200;

    private sealed record Call(string Kind, DateTime Start, TimeSpan Took, int Status, string? Code);

    /// <summary>A session as its one client last saw it acknowledged.</summary>
    private sealed class Tracked(string sessionId, string accessToken, string refreshToken)
    {
        public string SessionId { get; } = sessionId;
        public string AccessToken { get; set; } = accessToken;
        public string RefreshToken { get; set; } = refreshToken;
        public bool Revoked { get; set; }
        /// <summary>A write on it failed: whether storage took it is unknown, so it proves nothing either way.</summary>
        public bool Uncertain { get; set; }
    }

    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly ConcurrentBag<Tracked> _created = [];

    private ProcessCluster Cluster => outage.Cluster;

    [Fact]
    public async Task AcknowledgedWritesSurviveARedisOutageAndASiloCrashAndRefusalIsFast()
    {
        outage.Redis.Require();
        using var http = Cluster.ApiClient();
        http.Timeout = TimeSpan.FromSeconds(60);

        // Warm sessions: validated from memory through the outage. Separate pools for refresh and revoke.
        var warm = await CreateManyAsync(http, WarmSessions);
        var refreshable = await CreateManyAsync(http, 40);
        var revocable = new ConcurrentQueue<Tracked>(await CreateManyAsync(http, 200));
        foreach (var session in warm.Concat(refreshable))
        {
            await (await http.ValidateAsync(session.AccessToken)).AssertOkAsync();
        }

        using var stop = new CancellationTokenSource();
        var load = new List<Task>();
        load.AddRange(Enumerable.Range(0, 3).Select(i => Task.Run(() => ValidateLoopAsync(warm, i, stop.Token))));
        load.Add(Task.Run(() => CreateLoopAsync(stop.Token)));
        load.Add(Task.Run(() => RefreshLoopAsync(refreshable, stop.Token)));
        load.Add(Task.Run(() => RevokeLoopAsync(revocable, stop.Token)));

        await Task.Delay(TimeSpan.FromSeconds(3));
        var redisDown = DateTime.UtcNow;
        outage.Redis.Kill();
        output.WriteLine($"{At(redisDown, redisDown)} kill -9 redis");

        await Task.Delay(TimeSpan.FromSeconds(12));
        var silosDown = DateTime.UtcNow;
        Cluster.KillSilos();
        output.WriteLine($"{At(silosDown, redisDown)} kill -9 both silos (Redis still down)");

        await Task.Delay(TimeSpan.FromSeconds(3));
        var redisBack = DateTime.UtcNow;
        await outage.Redis.StartAgainAsync();
        output.WriteLine($"{At(redisBack, redisDown)} redis started again (AOF), outage {(redisBack - redisDown).TotalSeconds:0.0} s");
        await Cluster.StartSilosAsync(2);
        await Cluster.ApiReadyAsync();
        var recovered = DateTime.UtcNow;
        output.WriteLine($"{At(recovered, redisDown)} two new silos joined, API ready");

        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var calls = _calls.ToList();
        Report(calls, redisDown, silosDown, redisBack, recovered);

        // After the restart, every acknowledged change holds.
        await VerifyAsync(http, warm.Concat(refreshable).Concat(_created).Concat(revocable).Concat(_revoked));

        // Validates of warm sessions while Redis was down (silos alive): answered from memory.
        var outageValidates = calls.Where(c => c.Kind == "validate" && c.Start >= redisDown && c.Start + c.Took < silosDown).ToList();
        Assert.NotEmpty(outageValidates);
        var available = outageValidates.Count(c => c.Status == 200) / (double)outageValidates.Count;
        Assert.True(available >= 0.99, $"validates during the outage: {available:P2} answered 200");

        // Writes while Redis was down (silos alive): refused with storage_unavailable, fast, never acknowledged.
        var outageWrites = calls.Where(c => c.Kind != "validate" && c.Start >= redisDown.AddSeconds(0.5) && c.Start + c.Took < silosDown).ToList();
        Assert.NotEmpty(outageWrites);
        foreach (var c in outageWrites.Where(c => c.Status != 503))
        {
            output.WriteLine($"during the outage: {c.Kind} at +{(c.Start - redisDown).TotalMilliseconds:0} ms took {c.Took.TotalMilliseconds:0} ms: {c.Status} {c.Code}");
        }
        Assert.All(outageWrites, c => Assert.True(c.Status == 503 && c.Code == "storage_unavailable", $"{c.Kind} during the outage answered {c.Status} {c.Code}"));
        var took = outageWrites.Select(c => c.Took).Order().ToList();
        var (median, slowest) = (took[took.Count / 2], took[^1]);
        output.WriteLine($"refusals: median {median.TotalMilliseconds:0} ms, slowest {slowest.TotalMilliseconds:0} ms");
        Assert.True(median <= RefusalBound, $"the median refusal took {median.TotalMilliseconds:0} ms (bound {RefusalBound.TotalMilliseconds:0} ms)");
        Assert.True(slowest < BacklogTimeout, $"the slowest refusal took {slowest.TotalMilliseconds:0} ms: it waited on the client's backlog");

    }

    private readonly ConcurrentBag<Tracked> _revoked = [];

    private async Task VerifyAsync(HttpClient http, IEnumerable<Tracked> sessions)
    {
        int live = 0, revoked = 0, uncertain = 0;
        foreach (var session in sessions.DistinctBy(s => s.SessionId))
        {
            if (session.Uncertain)
            {
                uncertain++;
                continue;
            }
            var answer = await http.ValidateAsync(session.AccessToken);
            if (session.Revoked)
            {
                revoked++;
                await answer.AssertProblemAsync(401, "session_revoked");
            }
            else
            {
                live++;
                // The last acknowledged pair is the valid one (a refresh acknowledged stays rotated).
                Assert.True(answer.IsSuccessStatusCode, $"session {session.SessionId[..6]}…: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            }
        }
        output.WriteLine($"after restart: {live} acknowledged live sessions validate, {revoked} acknowledged revocations hold, " +
            $"{uncertain} sessions with an unacknowledged write (outcome unknown) not judged; acknowledged writes lost: 0");
    }

    private void Report(List<Call> calls, DateTime redisDown, DateTime silosDown, DateTime redisBack, DateTime recovered)
    {
        foreach (var (name, from, to) in new[] { ("before", DateTime.MinValue, redisDown), ("redis down", redisDown, silosDown),
                     ("redis + silos down", silosDown, redisBack), ("restarting", redisBack, recovered), ("after", recovered, DateTime.MaxValue) })
        {
            var window = calls.Where(c => c.Start >= from && c.Start < to).ToList();
            foreach (var kind in window.Select(c => c.Kind).Distinct().Order())
            {
                var of = window.Where(c => c.Kind == kind).ToList();
                var took = of.Select(c => c.Took.TotalMilliseconds).Order().ToList();
                var answers = string.Join(", ", of.GroupBy(c => $"{c.Status}{(c.Code is null ? "" : " " + c.Code)}").Select(g => $"{g.Key}: {g.Count()}"));
                output.WriteLine($"{name,-19} {kind,-9} {of.Count,6} calls, p50 {took[took.Count / 2],7:0.0} ms, p99 {took[(int)(took.Count * 0.99)],7:0.0} ms, max {took[^1],7:0.0} ms — {answers}");
            }
        }
    }

    private static string At(DateTime t, DateTime zero) => $"t={(t - zero).TotalSeconds,5:0.0}s";

    private async Task<List<Tracked>> CreateManyAsync(HttpClient http, int count)
    {
        var sessions = new List<Tracked>();
        for (var i = 0; i < count; i++)
        {
            var created = await http.CreateSessionAsync();
            sessions.Add(new Tracked(created.Str("sessionId"), created.Str("accessToken"), created.Str("refreshToken")));
        }
        return sessions;
    }

    private async Task<(int Status, string? Code, JsonElement Body)> CallAsync(string kind, Func<Task<HttpResponseMessage>> call)
    {
        var start = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await call();
            var text = await response.Content.ReadAsStringAsync();
            var body = text.Length > 0 && text[0] == '{' ? JsonDocument.Parse(text).RootElement.Clone() : default;
            var code = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("code", out var c) ? c.GetString() : null;
            _calls.Enqueue(new Call(kind, start, clock.Elapsed, (int)response.StatusCode, code));
            return ((int)response.StatusCode, code, body);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            _calls.Enqueue(new Call(kind, start, clock.Elapsed, 0, ex.GetType().Name));
            return (0, null, default);
        }
    }

    private async Task ValidateLoopAsync(List<Tracked> warm, int worker, CancellationToken stop)
    {
        using var http = Cluster.ApiClient();
        for (var i = worker; !stop.IsCancellationRequested; i++)
        {
            var session = warm[i % warm.Count];
            await CallAsync("validate", () => http.ValidateAsync(session.AccessToken));
        }
    }

    private async Task CreateLoopAsync(CancellationToken stop)
    {
        using var http = Cluster.ApiClient();
        while (!stop.IsCancellationRequested)
        {
            var (status, _, body) = await CallAsync("create", () => http.PostAsJsonAsync("/v1/sessions", new { userId = TestTenants.NewUserId() }));
            if (status == 201)
            {
                _created.Add(new Tracked(body.Str("sessionId"), body.Str("accessToken"), body.Str("refreshToken")));
            }
            await Task.Delay(20, CancellationToken.None);
        }
    }

    private async Task RefreshLoopAsync(List<Tracked> sessions, CancellationToken stop)
    {
        using var http = Cluster.ApiClient();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var session = sessions[i % sessions.Count];
            if (session.Uncertain)
            {
                continue;
            }
            var (status, _, body) = await CallAsync("refresh", () => http.RefreshAsync(session.RefreshToken));
            if (status == 200)
            {
                session.AccessToken = body.Str("accessToken");
                session.RefreshToken = body.Str("refreshToken");
            }
            else
            {
                session.Uncertain = true; // a timed-out rotation may have happened: this pair proves nothing now
            }
            await Task.Delay(20, CancellationToken.None);
        }
    }

    private async Task RevokeLoopAsync(ConcurrentQueue<Tracked> sessions, CancellationToken stop)
    {
        using var http = Cluster.ApiClient();
        while (!stop.IsCancellationRequested && sessions.TryDequeue(out var session))
        {
            var (status, _, _) = await CallAsync("revoke", () => http.DeleteAsync($"/v1/sessions/{session.SessionId}"));
            session.Revoked = status == 204;
            session.Uncertain = status != 204;
            _revoked.Add(session);
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
