using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Redis;

/// <summary>
/// <c>ConnectionStrings:redis</c> naming Redis Cluster seed nodes (3 primaries, 3 replicas): Orleans' clustering,
/// storage and reminders all work on it, and a kill -9 of one primary under load loses no acknowledged write
/// (ReplicasToAck=1: the WAIT goes to the primary owning each key's slot).
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterTests(RedisClusterProcesses fixture, ITestOutputHelper output) : IAsyncDisposable
{
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
    public async Task SessionsAreCreatedRefreshedAndRevokedOnRedisCluster()
    {
        fixture.Redis.Require();
        await TopologyScenarios.SessionLifecycleHoldsThroughStorageAsync(Cluster);
    }

    [Fact]
    public async Task SilosJoinThroughRedisCluster()
    {
        fixture.Redis.Require();
        await TopologyScenarios.SilosJoinThroughItAsync(Cluster);
    }

    [Fact]
    public async Task RemindersSweepUsersOnRedisCluster()
    {
        fixture.Redis.Require();
        await TopologyScenarios.RemindersSweepUsersAsync(Cluster, fixture.Redis.PrimaryServersAsync, output);
    }

    [Fact]
    public async Task GrainStateSpreadsOverEveryPrimary()
    {
        fixture.Redis.Require();
        await Cluster.ApiReadyAsync();
        using var http = Cluster.ApiClient();
        for (var i = 0; i < 20; i++)
        {
            await Api.ApiScenario.CreateSessionAsync(http);
        }
        var perPrimary = (await fixture.Redis.PrimaryServersAsync())
            .Select(server => server.Keys(pattern: $"{Cluster.ServiceId}/state/*").Count())
            .ToList();
        output.WriteLine($"state keys per primary: {string.Join(", ", perPrimary)}");
        Assert.Equal(3, perPrimary.Count);
        Assert.All(perPrimary, count => Assert.True(count > 0, "a primary holds no grain state"));
    }

    [Fact]
    public async Task KillingAPrimaryUnderLoadLosesNoAcknowledgedWrite()
    {
        fixture.Redis.Require();
        var redis = fixture.Redis;
        await redis.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        await Cluster.ApiReadyAsync();

        var load = new AcknowledgedLoad(Cluster);
        load.Start(clients: 4);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var victim = (await redis.PrimariesAsync())[0];
        var slots = (await redis.LayoutAsync())[victim.Port].Slots;
        var killedAt = DateTime.UtcNow;
        victim.Kill();
        output.WriteLine($"{AcknowledgedLoad.At(killedAt)} kill -9 {victim.Name} (primary of slots {slots})");
        var promoted = await redis.WaitForFailoverAsync(victim, slots, TimeSpan.FromSeconds(30));
        var failedOverAt = DateTime.UtcNow;
        output.WriteLine($"{AcknowledgedLoad.At(failedOverAt)} {promoted.Name} took over after {(failedOverAt - killedAt).TotalSeconds:F1} s");

        // That shard has no replica until the killed node rejoins (as the new primary's replica): its writes are refused meanwhile.
        redis.Restart(victim);
        await redis.WaitHealthyAsync(TimeSpan.FromSeconds(45));
        var restoredAt = DateTime.UtcNow;
        output.WriteLine($"{AcknowledgedLoad.At(restoredAt)} {victim.Name} back as a replica, in sync, after {(restoredAt - killedAt).TotalSeconds:F1} s");

        await Task.Delay(TimeSpan.FromSeconds(4));
        await load.StopAsync();

        var errors = load.Errors;
        output.WriteLine($"{load.Sessions.Count} sessions created; {load.WritesAcknowledged.Count} writes acknowledged");
        output.WriteLine($"error window: {load.Window(killedAt)}");
        output.WriteLine($"slowest calls since the kill: {load.Slowest(killedAt)}");
        var wrong = await load.CheckAcknowledgedAsync();
        wrong.Take(10).ToList().ForEach(output.WriteLine);
        output.WriteLine($"{load.Sessions.Count(s => s.Uncertain)} sessions left uncertain (a refresh or revoke never answered), {load.Sessions.Count(s => s.RevokedAsReuse)} ended by reuse detection");
        if (wrong.Count > 0 || errors.Any(e => e.What.Contains(" 500", StringComparison.Ordinal)))
        {
            output.WriteLine(Cluster.Diagnostics(60));
        }

        Assert.DoesNotContain(errors, e => e.At < killedAt);
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {load.Sessions.Count} sessions not as acknowledged");
        Assert.Contains(load.WritesAcknowledged, at => at > restoredAt);
        Assert.True(load.Sessions.Count > 20, $"the load created only {load.Sessions.Count} sessions");
    }
}
