using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using SessionCluster.Hosting;
using SessionCluster.Hosting.Storage;
using SessionCluster.Tests.Api;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Redis;

/// <summary>
/// <c>SessionCluster:Storage:ReplicasToAck=1</c> against a real primary and replica (the Sentinel topology): a write
/// is acknowledged only once Redis <c>WAIT</c> says the replica has it. With the replica hung or gone, writes are
/// refused (503 storage_unavailable) within about <c>ReplicaAckTimeout</c>, never hanging, while sessions in memory
/// still validate; once it is back, writes are taken again. And the control: without it, a write can be
/// acknowledged and then lost on failover.
/// </summary>
[Collection(SentinelCollection.Name)]
public sealed class ReplicaAckTests(SentinelCluster fixture, ITestOutputHelper output) : IAsyncDisposable
{
    /// <summary>The default ReplicaAckTimeout the silos run with.</summary>
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(1);

    private ProcessCluster Cluster => fixture.Cluster;

    /// <summary>A failed test leaves the processes' last lines in its output.</summary>
    public ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed && fixture.Redis.UnavailableReason is null)
        {
            output.WriteLine(Cluster.Diagnostics(40));
            output.WriteLine(fixture.Redis.Diagnostics());
        }
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task WithTheReplicaHungWritesAreRefusedWithinTheAckTimeoutValidatesGoOnAndWritesResumeWhenItIsBack()
    {
        fixture.Redis.Require();
        var redis = fixture.Redis;
        await redis.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        await Cluster.ApiReadyAsync();
        using var http = Cluster.ApiClient();
        var active = await CreateWhenTakenAsync(http, TimeSpan.FromSeconds(20)); // right after another test's failover storage may still refuse

        var replica = redis.Other(await redis.PrimaryAsync());
        replica.Process.Pause(); // its socket stays open: the primary still counts it as connected
        try
        {
            // The first writes wait out one WAIT (the primary still lists the replica); the next are refused at once.
            var refusals = new List<TimeSpan>();
            for (var i = 0; i < 6; i++)
            {
                var timer = Stopwatch.StartNew();
                var response = await http.PostAsJsonAsync("/v1/sessions", new { userId = TestTenants.NewUserId() });
                refusals.Add(timer.Elapsed);
                await response.AssertProblemAsync(503, "storage_unavailable");
                Assert.Equal("1", response.Headers.RetryAfter?.ToString());
            }
            output.WriteLine($"replica hung: creates refused in {string.Join(", ", refusals.Select(r => $"{r.TotalMilliseconds:0}"))} ms (ReplicaAckTimeout {AckTimeout.TotalMilliseconds:0} ms)");
            // Not hanging: each refusal within about the timeout (one WAIT at most per write step, plus slack for a loaded machine).
            Assert.All(refusals, r => Assert.True(r < AckTimeout * 4, $"a refusal took {r.TotalMilliseconds:0} ms"));
            Assert.True(refusals.Skip(2).Min() < AckTimeout, "once the replica is known behind, writes are refused without waiting");

            // Validation is answered from memory: no write, no wait.
            await (await http.ValidateAsync(active.Str("accessToken"))).AssertOkAsync();
        }
        finally
        {
            replica.Process.Resume();
        }

        var resumed = Stopwatch.StartNew();
        var created = await CreateWhenTakenAsync(http, TimeSpan.FromSeconds(20));
        output.WriteLine($"replica resumed: the first create taken {resumed.Elapsed.TotalMilliseconds:0} ms later");
        await (await http.ValidateAsync(created.Str("accessToken"))).AssertOkAsync();
        await redis.WaitHealthyAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task WithTheReplicaGoneWritesAreRefusedBeforeTheyAreMadeAndResumeOnceItResynced()
    {
        fixture.Redis.Require();
        var redis = fixture.Redis;
        await redis.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        await Cluster.ApiReadyAsync();
        using var http = Cluster.ApiClient();
        var active = await CreateWhenTakenAsync(http, TimeSpan.FromSeconds(20)); // right after another test's failover storage may still refuse

        var primary = await redis.PrimaryAsync();
        var replica = redis.Other(primary);
        replica.Kill();
        await RedisTopology.UntilAsync("primary sees its replica gone", async () =>
        {
            var info = SentinelTopology.ReplicationOf(await primary.InfoAsync("replication"));
            return (info.Online == 0, $"{info.Online} online");
        }, TimeSpan.FromSeconds(10));

        var refusals = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var timer = Stopwatch.StartNew();
            var response = await http.PostAsJsonAsync("/v1/sessions", new { userId = TestTenants.NewUserId() });
            refusals.Add(timer.Elapsed);
            await response.AssertProblemAsync(503, "storage_unavailable");
        }
        output.WriteLine($"replica gone: creates refused in {string.Join(", ", refusals.Select(r => $"{r.TotalMilliseconds:0}"))} ms");
        Assert.All(refusals, r => Assert.True(r < AckTimeout * 4, $"a refusal took {r.TotalMilliseconds:0} ms"));
        await (await http.ValidateAsync(active.Str("accessToken"))).AssertOkAsync();
        // A refused revoke changes nothing the client could see: the session still validates, from memory and from storage.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.DeleteAsync($"/v1/sessions/{active.Str("sessionId")}")).StatusCode);
        await (await http.ValidateAsync(active.Str("accessToken"))).AssertOkAsync();

        var restarted = Stopwatch.StartNew();
        redis.RestartAsReplica(replica, primary);
        var created = await CreateWhenTakenAsync(http, TimeSpan.FromSeconds(30));
        output.WriteLine($"replica restarted: the first create taken {restarted.Elapsed.TotalMilliseconds:0} ms later (full resync included)");
        await (await http.ValidateAsync(created.Str("accessToken"))).AssertOkAsync();
        await redis.WaitHealthyAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// The negative control, made deterministic: the replica is hung and cut off from the primary, a write is made,
    /// the primary is killed and the replica promoted. Silos with ReplicasToAck=0 acknowledge that write and it is
    /// gone after the failover; the silos with ReplicasToAck=1 refuse it, so nothing acknowledged is lost.
    /// </summary>
    [Fact]
    public async Task WithoutReplicaAcksAnAcknowledgedWriteIsLostOnFailoverWithThemItIsRefused()
    {
        fixture.Redis.Require();
        var redis = fixture.Redis;
        await redis.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        await Cluster.ApiReadyAsync();
        await using var unsafeCluster = ProcessCluster.Over(redis);
        unsafeCluster.SiloSettings["SessionCluster__Storage__ReplicasToAck"] = "0";
        await unsafeCluster.StartAsync(silos: 1, api: false);
        using var http = Cluster.ApiClient();
        // Both acknowledged before the cut: they must survive everything below.
        var before = await unsafeCluster.Client.CreateSessionAsync(TestTenants.Acme, new CreateSessionCommand { UserId = TestTenants.NewUserId() });
        Assert.True(before.Succeeded);
        var safeBefore = await CreateWhenTakenAsync(http, TimeSpan.FromSeconds(20));
        await redis.WaitHealthyAsync(TimeSpan.FromSeconds(30)); // replicated

        var primary = await redis.PrimaryAsync();
        var replica = redis.Other(primary);
        replica.Process.Pause();
        await primary.CliAsync("CLIENT", "KILL", "TYPE", "replica"); // it cannot reconnect while hung: the writes below stay on the primary
        await RedisTopology.UntilAsync("primary without replica", async () =>
        {
            var info = SentinelTopology.ReplicationOf(await primary.InfoAsync("replication"));
            return (info.Online == 0, $"{info.Online} online");
        }, TimeSpan.FromSeconds(10));

        var unsafeWrite = await unsafeCluster.Client.CreateSessionAsync(TestTenants.Acme, new CreateSessionCommand { UserId = TestTenants.NewUserId() });
        Assert.True(unsafeWrite.Succeeded, "ReplicasToAck=0 acknowledges a write only the primary holds");
        Assert.True((await unsafeCluster.Client.ValidateAsync(TestTenants.Acme, unsafeWrite.Tokens!.AccessToken)).Succeeded);
        var safeWrite = await http.PostAsJsonAsync("/v1/sessions", new { userId = TestTenants.NewUserId() });
        await safeWrite.AssertProblemAsync(503, "storage_unavailable");

        primary.Kill();
        replica.Process.Resume();
        var promoted = await redis.WaitForFailoverAsync(primary, TimeSpan.FromSeconds(45));
        Assert.Same(replica, promoted);
        output.WriteLine($"{replica.Name} promoted without the primary's last writes");

        try
        {
            // Read back from storage, not from the activations that still hold the write in memory.
            await unsafeCluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            var lost = await ValidateWhenStorageAnswersAsync(unsafeCluster, unsafeWrite.Tokens!.AccessToken);
            output.WriteLine($"ReplicasToAck=0: the acknowledged session now validates as {lost}");
            Assert.Equal(SessionError.TokenInvalid, lost);
            Assert.Equal(SessionError.None, await ValidateWhenStorageAnswersAsync(unsafeCluster, before.Tokens!.AccessToken));
            await Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            Assert.Equal(SessionError.None, await ValidateWhenStorageAnswersAsync(Cluster, safeBefore.Str("accessToken")));
        }
        finally
        {
            redis.RestartAsReplica(primary, promoted);
            await redis.WaitHealthyAsync(TimeSpan.FromSeconds(45));
        }
        output.WriteLine("ReplicasToAck=1 refused the same write (503 storage_unavailable): nothing it acknowledged was lost");
    }

    /// <summary>
    /// Why the storage writes and the WAIT must share a connection, shown on the real primary: with the replica hung
    /// (still connected, confirming nothing), a WAIT on a connection that made no write answers at once that the
    /// replica has "everything" (nothing, of that connection). Writes through the storage connection, the way Orleans'
    /// provider makes them, are not acknowledged.
    /// </summary>
    [Fact]
    public async Task AWaitCountsOnlyTheWritesOfItsOwnConnectionSoTheStorageWritesShareIt()
    {
        fixture.Redis.Require();
        var redis = fixture.Redis;
        await redis.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        await using var storage = NewStorageConnection();
        var db = (await storage.GetAsync()).GetDatabase();
        await using var other = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var otherPrimary = other.GetServer(other.GetEndPoints().Single(e => !other.GetServer(e).IsReplica));

        Assert.Null(await WriteAsync(storage, db, "before")); // healthy: acknowledged
        var replica = redis.Other(await redis.PrimaryAsync());
        replica.Process.Pause();
        try
        {
            var unrelated = (long)await otherPrimary.ExecuteAsync("WAIT", 1, 1000);
            var why = await WriteAsync(storage, db, "while hung");
            output.WriteLine($"replica hung: WAIT on a connection without writes says {unrelated}; the storage write: {why}");
            Assert.Equal(1, unrelated);
            Assert.Equal("0 of 1 replicas confirmed it within 1000 ms", why);
        }
        finally
        {
            replica.Process.Resume();
        }
        await redis.WaitHealthyAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Many writers at once on a real primary and replica: every write acknowledged, far fewer WAITs than writes.</summary>
    [Fact]
    public async Task ConcurrentWritersShareTheirWaits()
    {
        fixture.Redis.Require();
        await fixture.Redis.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        await using var storage = NewStorageConnection();
        var db = (await storage.GetAsync()).GetDatabase();
        const int Writers = 32, WritesEach = 40;
        var refusals = await Task.WhenAll(Enumerable.Range(0, Writers).Select(async w =>
        {
            var refused = 0;
            for (var i = 0; i < WritesEach; i++)
            {
                refused += await WriteAsync(storage, db, $"w{w}-{i}") is null ? 0 : 1;
            }
            return refused;
        }));
        var writes = Writers * WritesEach;
        output.WriteLine($"{writes} writes from {Writers} writers: {refusals.Sum()} refused, {storage.WaitsSent} WAITs sent");
        Assert.Equal(0, refusals.Sum());
        Assert.InRange(storage.WaitsSent, 1, writes / 2);
    }

    private RedisStorageConnection NewStorageConnection() => new(fixture.Redis.ConnectionString,
        Microsoft.Extensions.Options.Options.Create(new StorageOptions { ReplicasToAck = 1 }),
        Microsoft.Extensions.Options.Options.Create(new Orleans.Configuration.ClusterOptions { ServiceId = "replica-ack-" + Guid.NewGuid().ToString("N")[..6] }));

    /// <summary>One write as Orleans' Redis provider makes it (a script on the state's key), confirmed by replica acknowledgement.</summary>
    private static async Task<string?> WriteAsync(RedisStorageConnection storage, StackExchange.Redis.IDatabase db, string value)
    {
        StackExchange.Redis.RedisKey key = $"replica-ack-test/{value}";
        var write = await storage.BeginReplicatedWriteAsync(key);
        if (write.Refusal is { } refused)
        {
            return refused;
        }
        await db.ScriptEvaluateAsync("redis.call('HSET', KEYS[1], 'data', ARGV[1]) return 0", [key], [value]);
        return await storage.ConfirmReplicatedAsync(write);
    }

    /// <summary>Creates a session, retrying failures (bounded), and returns the first one acknowledged.</summary>
    private static async Task<System.Text.Json.JsonElement> CreateWhenTakenAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var response = await http.PostAsJsonAsync("/v1/sessions", new { userId = TestTenants.NewUserId() });
            if (response.IsSuccessStatusCode || deadline.Elapsed > timeout)
            {
                return await response.AssertOkAsync(201);
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Validates once storage answers reads again (the new primary may take a moment to be found).</summary>
    private static async Task<SessionError> ValidateWhenStorageAnswersAsync(ProcessCluster cluster, string accessToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return (await cluster.Client.ValidateAsync(TestTenants.Acme, accessToken)).Error;
            }
            catch (Exception ex) when (attempt < 50 && ex is OrleansException or TimeoutException)
            {
                await Task.Delay(200);
            }
        }
    }
}
