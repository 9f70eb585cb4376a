using System.Net.Http.Json;
using SessionCluster.Tests.Api;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Events;

[Collection(EventsCollection.Name)]
public sealed class EventsApiTests(EventsFixture fixture)
{
    private HttpClient Service() => fixture.Api.ServiceClient(EventsFixture.FeedKey);

    [Fact]
    public async Task TheFeedHasEveryEventOnceInOrderPerUserAndResumesFromNext()
    {
        using var service = Service();
        var users = Enumerable.Range(0, 3).Select(_ => TestTenants.NewUserId()).ToList();
        foreach (var user in users)
        {
            await EventScenario.LiveAndLeaveAsync(service, user);
        }
        var events = await EventScenario.ReadUntilAsync(service,
            found => users.All(u => EventScenario.TypesOf(found, u).Count >= 3), TimeSpan.FromSeconds(20));

        foreach (var user in users)
        {
            Assert.Equal(EventScenario.LifeTypes, EventScenario.TypesOf(events, user));
        }
        // Paged three at a time: nothing repeated across pages, every event with its cursor and user.
        Assert.Equal(events.Count, events.Select(e => e.Str("id")).Distinct().Count());
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.Str("cursor"))));

        // From the last next: only what happened since.
        var (_, next) = await EventScenario.ReadAllAsync(service);
        var late = TestTenants.NewUserId();
        await service.CreateSessionAsync(late);
        List<System.Text.Json.JsonElement> since = [];
        for (var i = 0; i < 100 && since.Count == 0; i++)
        {
            (since, _) = await EventScenario.ReadAllAsync(service, next);
            await Task.Delay(since.Count == 0 ? 100 : 0);
        }
        var only = Assert.Single(since);
        Assert.Equal(late, only.Str("userId"));
        Assert.Equal(EventTypes.SessionCreated, only.Str("type"));
        // An event's own cursor resumes just after it.
        var (afterIt, _) = await EventScenario.ReadAllAsync(service, only.Str("cursor"));
        Assert.DoesNotContain(afterIt, e => e.Str("id") == only.Str("id"));
    }

    [Fact]
    public async Task TypesFilterByTypeAndPrefix()
    {
        using var service = Service();
        var user = TestTenants.NewUserId();
        await EventScenario.LiveAndLeaveAsync(service, user);
        await EventScenario.ReadUntilAsync(service, found => EventScenario.TypesOf(found, user).Count >= 3, TimeSpan.FromSeconds(20));

        var (revoked, _) = await EventScenario.ReadAllAsync(service, types: "session.revoked");
        Assert.Equal([EventTypes.SessionRevoked], EventScenario.TypesOf(revoked, user));
        var (sessions, _) = await EventScenario.ReadAllAsync(service, types: "session.,security.");
        Assert.Equal(EventScenario.LifeTypes, EventScenario.TypesOf(sessions, user));
        var (none, _) = await EventScenario.ReadAllAsync(service, types: "device.");
        Assert.Empty(EventScenario.TypesOf(none, user));
    }

    [Fact]
    public async Task TheLiveStreamResumesFromLastEventIdWithoutLossOrRepeats()
    {
        using var service = Service();
        using var listener = fixture.Api.ServiceClient(EventsFixture.FeedKey);
        listener.Timeout = Timeout.InfiniteTimeSpan;
        var user = TestTenants.NewUserId();
        string firstId;
        await using (var stream = await SseReader.OpenAsync(listener, "/v1/events?types=session.created"))
        {
            Assert.Equal("heartbeat", (await stream.FirstAsync()).EventType);
            await service.CreateSessionAsync(user);
            var first = await stream.NextEventAsync(TimeSpan.FromSeconds(20));
            Assert.NotNull(first);
            Assert.Equal(EventTypes.SessionCreated, first.Value.EventType);
            Assert.Contains(user, first.Value.Data, StringComparison.Ordinal);
            firstId = first.Value.EventId!;
        }
        // Disconnected: two more sessions meanwhile; the reconnect gets exactly those.
        await service.CreateSessionAsync(user);
        await service.CreateSessionAsync(user);
        await using var resumed = await SseReader.OpenAsync(listener, "/v1/events?types=session.created", lastEventId: firstId);
        var seen = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var item = await resumed.NextEventAsync(TimeSpan.FromSeconds(20));
            Assert.NotNull(item);
            seen.Add(item.Value.Data);
        }
        Assert.All(seen, data => Assert.Contains(user, data, StringComparison.Ordinal));
        Assert.Equal(2, seen.Distinct().Count());
        Assert.Null(await resumed.NextEventAsync(TimeSpan.FromSeconds(1))); // and nothing repeated
    }

    [Fact]
    public async Task MyEventStreamReplaysWhatItMissedAfterLastEventId()
    {
        using var service = Service();
        var user = TestTenants.NewUserId();
        var session = await service.CreateSessionAsync(user);
        var sessionId = session.Str("sessionId");
        (await service.PutAsJsonAsync($"/v1/sessions/{sessionId}/data", new { data = new { step = 1 } })).EnsureSuccessStatusCode();
        var history = await (await service.GetAsync($"/v1/users/{user}/events")).AssertOkAsync();
        var created = history.GetProperty("events").EnumerateArray().Single(e => e.Str("type") == EventTypes.SessionCreated);

        using var device = fixture.Api.UserClient(session.Str("accessToken"));
        device.Timeout = Timeout.InfiniteTimeSpan;
        await using var stream = await SseReader.OpenAsync(device, "/v1/me/events", lastEventId: created.Str("id"));
        var missed = await stream.NextEventAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(missed);
        Assert.Equal(EventTypes.SessionDataChanged, missed.Value.EventType);
        Assert.Null(await stream.NextEventAsync(TimeSpan.FromMilliseconds(500))); // session.created is not sent again
    }

    [Theory]
    [InlineData("/v1/events?after=not-a-cursor", "after")]
    [InlineData("/v1/events?after=AQIAAAAA", "after")] // a cursor of another partition count
    [InlineData("/v1/events?types=session.nope", "types")]
    [InlineData("/v1/events?limit=0", "limit")]
    [InlineData("/v1/events?limit=501", "limit")]
    public async Task BadFeedQueriesAreValidationFailures(string path, string field)
    {
        using var service = Service();
        var problem = await (await service.GetAsync(path)).AssertProblemAsync(400, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task ABadLastEventIdIsAValidationFailure()
    {
        using var service = Service();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("Last-Event-ID", "garbage");
        await (await service.SendAsync(request)).AssertProblemAsync(400, "validation_failed");
    }

    [Fact]
    public async Task TheFeedNeedsAnApiKeyAndShowsOnlyTheCallersTenant()
    {
        using var anonymous = fixture.Api.CreateClient();
        await (await anonymous.GetAsync("/v1/events")).AssertProblemAsync(401, "api_key_invalid");

        using var service = Service();
        var user = TestTenants.NewUserId();
        await service.CreateSessionAsync(user);
        await EventScenario.ReadUntilAsync(service, found => EventScenario.TypesOf(found, user).Count >= 1, TimeSpan.FromSeconds(20));
        using var other = fixture.Api.ServiceClient(EventsFixture.HooksKey);
        var (theirs, _) = await EventScenario.ReadAllAsync(other, limit: 500);
        Assert.Empty(EventScenario.TypesOf(theirs, user));
    }
}
