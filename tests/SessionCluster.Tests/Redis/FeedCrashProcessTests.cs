using SessionCluster.Grains.Domain;
using SessionCluster.Tests.Api;
using SessionCluster.Tests.Events;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Redis;

[Collection(ProcessClusterCollection.Name)]
public sealed class FeedCrashProcessTests(ProcessCluster cluster, ITestOutputHelper output)
{
    private const int Partitions = 8; // the cluster runs with the default

    [Fact]
    public async Task AnAcknowledgedChangeReachesTheFeedAndTheLiveStreamThroughAKill9()
    {
        cluster.Redis.Require();
        await cluster.ApiReadyAsync();
        using var service = cluster.ApiClient();
        using var listener = cluster.ApiClient();
        listener.Timeout = Timeout.InfiniteTimeSpan;
        var user = TestTenants.NewUserId();
        await using var stream = await SseReader.OpenAsync(listener, "/v1/events?types=session.");
        Assert.Equal("heartbeat", (await stream.FirstAsync()).EventType);

        var session = await service.CreateSessionAsync(user);
        var sessionId = session.Str("sessionId");
        var sessionHost = await cluster.HostOfAsync(cluster.Client.GetSessionGrain(TestTenants.Acme, sessionId));
        var partitionHost = await cluster.HostOfAsync(cluster.Client.GetGrain<IEventFeedGrain>(FeedKeys.Partition(TestTenants.Acme, FeedPartitions.Of(user, Partitions))));
        output.WriteLine($"session on {sessionHost.Name}, the user's feed partition on {partitionHost.Name}");

        // Acknowledged, then the silo holding the session (and its outbox) dies at once.
        (await service.DeleteAsync($"/v1/sessions/{sessionId}")).EnsureSuccessStatusCode();
        sessionHost.Kill();
        var killedAt = DateTime.UtcNow;

        List<System.Text.Json.JsonElement> events = [];
        while (DateTime.UtcNow - killedAt < TimeSpan.FromSeconds(120))
        {
            try
            {
                (events, _) = await EventScenario.ReadAllAsync(service, limit: 500, types: "session.");
                if (EventScenario.TypesOf(events, user).Contains(EventTypes.SessionRevoked))
                {
                    break;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException)
            {
                output.WriteLine($"feed not readable yet: {ex.Message}");
            }
            await Task.Delay(500);
        }
        output.WriteLine($"feed complete {(DateTime.UtcNow - killedAt).TotalSeconds:F1} s after the kill");
        Assert.True(EventScenario.TypesOf(events, user).Count == 2, "feed after the kill: " + string.Join(",", EventScenario.TypesOf(events, user)) + "\n" + cluster.Diagnostics());
        Assert.Equal([EventTypes.SessionCreated, EventTypes.SessionRevoked], EventScenario.TypesOf(events, user));

        // The live stream, opened before, saw both, once each, in order.
        var seen = new List<string>();
        while (seen.Count(s => s.Contains(user, StringComparison.Ordinal)) < 2 && await stream.NextEventAsync(TimeSpan.FromSeconds(30)) is { } item)
        {
            seen.Add(item.EventType + " " + item.Data);
        }
        var mine = seen.Where(s => s.Contains(user, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, mine.Count);
        Assert.StartsWith(EventTypes.SessionCreated, mine[0], StringComparison.Ordinal);
        Assert.StartsWith(EventTypes.SessionRevoked, mine[1], StringComparison.Ordinal);

        await cluster.StartSilosAsync(1); // back to two silos for the other tests
    }
}
