using System.Net.Http.Json;
using System.Text.Json;
using SessionCluster.Tests.Api;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Events;

[Collection(EventsCollection.Name)]
public sealed class WebhookDeliveryTests(EventsFixture fixture)
{
    [Fact]
    public async Task AReceiverThatFailsForAWhileGetsEveryEventSignedInOrderPerUser()
    {
        var failures = 0;
        fixture.Receiver.Answer("main", () => Interlocked.Increment(ref failures) <= 4 ? 500 : 200);
        using var service = fixture.Api.ServiceClient(EventsFixture.HooksKey);
        var users = Enumerable.Range(0, 3).Select(_ => TestTenants.NewUserId()).ToList();
        foreach (var user in users)
        {
            await EventScenario.LiveAndLeaveAsync(service, user);
        }

        var arrived = await WaitForAsync(() => fixture.Receiver.Received("main").Where(d => users.Contains(d.UserId)).ToList(),
            got => users.All(u => got.Count(d => d.UserId == u) >= 3), TimeSpan.FromSeconds(60));

        Assert.True(failures > 4, "the receiver never failed, so nothing was retried");
        Assert.All(arrived, d => Assert.True(d.SignatureValid, $"bad signature on {d.Id}"));
        Assert.All(arrived, d => Assert.Equal(d.EventId, d.Id)); // webhook-id is the event id: receivers deduplicate by it
        foreach (var user in users)
        {
            // At least once: a receiver keeps the first of each id; in order per user.
            var firsts = arrived.Where(d => d.UserId == user).DistinctBy(d => d.Id).Select(d => d.Type);
            Assert.Equal(EventScenario.LifeTypes, firsts);
        }
        var status = await StatusAsync(service, "main", s => s.Str("status") == "healthy" && s.GetProperty("backlog").GetInt64() == 0);
        Assert.Equal(fixture.Receiver.Url("main").ToString(), status.Str("url"));
        Assert.Equal("HTTP 500", status.Str("lastError"));
        Assert.False(string.IsNullOrEmpty(status.Str("lastDeliveredCursor")));
        // The delivered cursor is a feed cursor: the feed after it holds nothing these users did.
        var (after, _) = await EventScenario.ReadAllAsync(service, status.Str("lastDeliveredCursor"), limit: 500);
        Assert.DoesNotContain(after, e => users.Contains(e.Str("userId")));
    }

    [Fact]
    public async Task AReceiverDownForLongerThanTheWindowIsFailingThenCatchesUpWithReplay()
    {
        fixture.Receiver.Answer("down", () => 503);
        using var service = fixture.Api.ServiceClient(EventsFixture.HooksDownKey);
        var user = TestTenants.NewUserId();
        var sessionId = await EventScenario.LiveAndLeaveAsync(service, user);
        // A second device: its security.alert is outside the endpoint's "session." filter.
        await service.CreateSessionAsync(user);

        var failing = await StatusAsync(service, "down", s => s.Str("status") == "failing", TimeSpan.FromSeconds(60));
        Assert.Equal("HTTP 503", failing.Str("lastError"));
        Assert.True(failing.GetProperty("backlog").GetInt64() > 0);
        Assert.Empty(fixture.Receiver.Received("down"));

        fixture.Receiver.Answer("down", () => 200);
        (await service.PostAsJsonAsync("/v1/webhooks/down/replay", new { })).EnsureSuccessStatusCode();
        var arrived = await WaitForAsync(() => fixture.Receiver.Received("down").Where(d => d.UserId == user).ToList(),
            got => got.Count(d => d.SessionId == sessionId) >= 3 && got.Any(d => d.SessionId != sessionId), TimeSpan.FromSeconds(30));
        Assert.Equal(EventScenario.LifeTypes, arrived.Where(d => d.SessionId == sessionId).DistinctBy(d => d.Id).Select(d => d.Type));
        Assert.DoesNotContain(arrived, d => d.Type == EventTypes.SecurityAlert);
        Assert.All(arrived, d => Assert.True(d.SignatureValid));
        await StatusAsync(service, "down", s => s.Str("status") == "healthy");

        // Replay from a cursor delivers again what came after it (a receiver that lost its database).
        var before = fixture.Receiver.Received("down").Count;
        var (all, _) = await EventScenario.ReadAllAsync(service, limit: 500);
        var replay = await service.PostAsJsonAsync("/v1/webhooks/down/replay", new { after = all[0].Str("cursor") });
        Assert.Equal(202, (int)replay.StatusCode);
        var again = await WaitForAsync(() => fixture.Receiver.Received("down").Skip(before).ToList(),
            got => got.Any(d => d.UserId == user && d.Type == EventTypes.SessionRevoked), TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(again, d => d.EventId == all[0].Str("id")); // after the cursor, not at it
    }

    [Fact]
    public async Task UnknownWebhooksAndBadReplayCursorsAreRefused()
    {
        using var service = fixture.Api.ServiceClient(EventsFixture.HooksKey);
        await (await service.PostAsJsonAsync("/v1/webhooks/nope/replay", new { })).AssertProblemAsync(404, "webhook_not_found");
        // Another tenant's endpoint is as unknown as a missing one.
        await (await service.PostAsJsonAsync("/v1/webhooks/down/replay", new { })).AssertProblemAsync(404, "webhook_not_found");
        await (await service.PostAsJsonAsync("/v1/webhooks/main/replay", new { after = "junk" })).AssertProblemAsync(400, "validation_failed");
        using var plain = fixture.Api.ServiceClient(EventsFixture.FeedKey);
        var list = await (await plain.GetAsync("/v1/webhooks")).AssertOkAsync();
        Assert.Equal(0, list.GetProperty("webhooks").GetArrayLength());
    }

    private static async Task<JsonElement> StatusAsync(HttpClient service, string name, Func<JsonElement, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var list = await (await service.GetAsync("/v1/webhooks")).AssertOkAsync();
            var hook = list.GetProperty("webhooks").EnumerateArray().Single(w => w.Str("name") == name);
            if (until(hook))
            {
                return hook;
            }
            Assert.True(DateTime.UtcNow < deadline, $"webhook status never matched: {hook}");
            await Task.Delay(200);
        }
    }

    private static async Task<List<T>> WaitForAsync<T>(Func<List<T>> read, Func<List<T>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var got = read();
            if (done(got))
            {
                return got;
            }
            Assert.True(DateTime.UtcNow < deadline, $"only {got.Count} deliveries arrived");
            await Task.Delay(100);
        }
    }
}
