using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Redis;

/// <summary>
/// <c>ConnectionStrings:redis</c> naming three Sentinels and a service: Orleans' clustering, storage and reminders
/// all work through it, and a kill -9 of the primary under load loses no acknowledged write (ReplicasToAck=1).
/// </summary>
[Collection(SentinelCollection.Name)]
public sealed class SentinelTests(SentinelCluster fixture, ITestOutputHelper output) : IAsyncDisposable
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
    public async Task SessionsAreCreatedRefreshedAndRevokedThroughSentinel()
    {
        fixture.Redis.Require();
        await TopologyScenarios.SessionLifecycleHoldsThroughStorageAsync(Cluster);
    }

    [Fact]
    public async Task SilosJoinThroughSentinel()
    {
        fixture.Redis.Require();
        await TopologyScenarios.SilosJoinThroughItAsync(Cluster);
    }

    [Fact]
    public async Task RemindersSweepUsersThroughSentinel()
    {
        fixture.Redis.Require();
        await TopologyScenarios.RemindersSweepUsersAsync(Cluster, async () => [await fixture.Redis.PrimaryServerAsync()], output);
    }

    [Fact]
    public async Task KillingThePrimaryUnderLoadLosesNoAcknowledgedWrite()
    {
        fixture.Redis.Require();
        var redis = fixture.Redis;
        await redis.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        await Cluster.ApiReadyAsync();

        var load = new AcknowledgedLoad(Cluster);
        load.Start(clients: 4);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var primary = await redis.PrimaryAsync();
        var killedAt = DateTime.UtcNow;
        primary.Kill();
        output.WriteLine($"{AcknowledgedLoad.At(killedAt)} kill -9 {primary.Name} (primary)");
        var promoted = await redis.WaitForFailoverAsync(primary, TimeSpan.FromSeconds(30));
        var failedOverAt = DateTime.UtcNow;
        output.WriteLine($"{AcknowledgedLoad.At(failedOverAt)} Sentinels promoted {promoted.Name} after {(failedOverAt - killedAt).TotalSeconds:F1} s");

        // With one replica, the new primary has none until the old one rejoins: writes are refused meanwhile.
        redis.RestartAsReplica(primary, promoted);
        await redis.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        var restoredAt = DateTime.UtcNow;
        output.WriteLine($"{AcknowledgedLoad.At(restoredAt)} {primary.Name} back as a replica, in sync, after {(restoredAt - killedAt).TotalSeconds:F1} s");

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
        Assert.Contains(load.WritesAcknowledged, at => at > restoredAt); // writes are taken again once the replica is back
        Assert.True(load.Sessions.Count > 20, $"the load created only {load.Sessions.Count} sessions");
    }
}
