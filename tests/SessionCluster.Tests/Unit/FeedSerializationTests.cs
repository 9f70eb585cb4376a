using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using SessionCluster.Grains;

namespace SessionCluster.Tests.Unit;

/// <summary>The feed's wire and stored types survive Orleans serialization (the Redis stream stores FeedEvent this way).</summary>
public sealed class FeedSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    [Fact]
    public void FeedTypesRoundTrip()
    {
        var e = new SessionEvent { Id = "id", Type = EventTypes.SecurityAlert, At = DateTimeOffset.UnixEpoch, SessionId = "s", Detail = new Dictionary<string, string> { ["reason"] = "new_device" } };
        var feedEvent = RoundTrip(new FeedEvent { Event = e, UserId = "u", Position = "5-1", Sequence = 9 });
        Assert.Equal("u", feedEvent.UserId);
        Assert.Equal("5-1", feedEvent.Position);
        Assert.Equal(9, feedEvent.Sequence);
        Assert.Equal("new_device", feedEvent.Event.Detail["reason"]);
        var page = RoundTrip(new FeedPage { Events = [feedEvent], LastSequence = 9, LastPosition = "5-1" });
        Assert.Equal("5-1", page.LastPosition);
        Assert.Single(page.Events);
        var status = new WebhookStatusView { Health = WebhookHealth.Failing, LastError = "HTTP 500", Backlog = 3, Position = "5-1", LastDeliveredAt = DateTimeOffset.UnixEpoch };
        Assert.Equal(status, RoundTrip(status));
        var state = RoundTrip(new WebhookState { Position = "7-0", DeliveredSequence = 4, Health = WebhookHealth.Retrying, Failures = 2, FailingSince = DateTimeOffset.UnixEpoch });
        Assert.Equal(("7-0", 4L, WebhookHealth.Retrying, 2), (state.Position, state.DeliveredSequence, state.Health, state.Failures));
        Assert.Equal("id", RoundTrip(new SessionState { UserId = "u", Outbox = [e] }).Outbox.Single().Id);
    }
}
