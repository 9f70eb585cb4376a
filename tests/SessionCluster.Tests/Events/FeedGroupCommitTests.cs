using SessionCluster.Grains;
using SessionCluster.Grains.Domain;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Events;

/// <summary>
/// A feed partition writes the appends that arrive while it is writing as one group: under many concurrent senders
/// every event is stored once, numbered without gaps, each sender's events in its order, and a re-send of any of them
/// (an outbox after a crash) adds nothing.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FeedGroupCommitTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ConcurrentAppendsAreAllStoredOnceInOrderWithoutGaps()
    {
        var tenant = "group-commit-" + Guid.NewGuid().ToString("N")[..8];
        var feed = fixture.Grains.FeedInternal(tenant, 0);
        const int senders = 60;
        var batches = Enumerable.Range(0, senders).Select(s => (IReadOnlyList<FeedEvent>)[.. Enumerable.Range(0, 3).Select(i => new FeedEvent
        {
            Event = SessionEvents.New(EventTypes.SessionCreated, TestTenants.Epoch.AddSeconds(i), $"s{s}-{i}", null),
            UserId = $"user-{s}",
        })]).ToList();

        await Task.WhenAll(batches.Select(b => feed.AppendAsync(b)));
        // Every one again, concurrently, as outboxes re-send after a crash: nothing is added.
        await Task.WhenAll(batches.Select(b => feed.AppendAsync(b)));

        var page = await feed.ReadAsync(FeedKeys.Start, 500, TimeSpan.Zero);
        Assert.Equal(senders * 3, page.Events.Count);
        Assert.Equal(Enumerable.Range(1, senders * 3).Select(i => (long)i), page.Events.Select(e => e.Sequence));
        Assert.Equal(senders * 3, page.Events.Select(e => e.Event.Id).Distinct().Count());
        Assert.Equal(senders * 3, page.LastSequence);
        foreach (var user in page.Events.GroupBy(e => e.UserId))
        {
            // One sender's batch stays together and in its order.
            var sessions = user.Select(e => e.Event.SessionId).ToList();
            var s = user.Key["user-".Length..];
            Assert.Equal([$"s{s}-0", $"s{s}-1", $"s{s}-2"], sessions);
        }
    }
}
