using System.Net.Http.Json;
using System.Text.Json;
using SessionCluster.Tests.Api;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Events;

/// <summary>A user's short life over HTTP, and reading the feed back.</summary>
internal static class EventScenario
{
    /// <summary>The types <see cref="LiveAndLeaveAsync"/> causes, in order.</summary>
    public static readonly string[] LifeTypes = [EventTypes.SessionCreated, EventTypes.SessionDataChanged, EventTypes.SessionRevoked];

    /// <summary>Creates a session for <paramref name="userId"/>, changes its data, revokes it: three acknowledged changes.</summary>
    public static async Task<string> LiveAndLeaveAsync(HttpClient service, string userId)
    {
        var session = await service.CreateSessionAsync(userId);
        var sessionId = session.Str("sessionId");
        (await service.PutAsJsonAsync($"/v1/sessions/{sessionId}/data", new { data = new { step = 1 } })).EnsureSuccessStatusCode();
        (await service.DeleteAsync($"/v1/sessions/{sessionId}")).EnsureSuccessStatusCode();
        return sessionId;
    }

    /// <summary>Pages through the whole feed from <paramref name="after"/> (null: the start), returning the events and the last next.</summary>
    public static async Task<(List<JsonElement> Events, string Next)> ReadAllAsync(HttpClient service, string? after = null, int limit = 3, string? types = null)
    {
        var events = new List<JsonElement>();
        var next = after;
        for (var page = 0; page < 1000; page++)
        {
            var query = $"/v1/events?limit={limit}" + (next is null ? "" : $"&after={Uri.EscapeDataString(next)}") + (types is null ? "" : $"&types={types}");
            var body = await (await service.GetAsync(query)).AssertOkAsync();
            var got = body.GetProperty("events").EnumerateArray().ToList();
            var moved = body.Str("next") != next;
            next = body.Str("next");
            events.AddRange(got);
            if (!moved)
            {
                break;
            }
        }
        return (events, next!);
    }

    /// <summary>Reads the feed until <paramref name="done"/> holds for what it found (bounded).</summary>
    public static async Task<List<JsonElement>> ReadUntilAsync(HttpClient service, Func<List<JsonElement>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (events, _) = await ReadAllAsync(service, limit: 50);
            if (done(events) || DateTime.UtcNow > deadline)
            {
                return events;
            }
            await Task.Delay(100);
        }
    }

    public static List<string> TypesOf(IEnumerable<JsonElement> events, string userId) =>
        [.. events.Where(e => e.Str("userId") == userId).Select(e => e.Str("type"))];
}
