using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Threading.Channels;
using SessionCluster.Tests.Api;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Redis;

[Collection(ProcessClusterCollection.Name)]
public sealed class EventsAndErasureProcessTests(ProcessCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task ErasureLeavesNoKeyOfTheUserInRedis()
    {
        cluster.Redis.Require();
        var client = cluster.Client;
        var userId = TestTenants.NewUserId();
        var sessions = new List<SessionResult>();
        foreach (var device in new[] { "laptop", "phone" })
        {
            var created = await client.CreateSessionAsync(TestTenants.Acme, new CreateSessionCommand { UserId = userId, Device = new DeviceInfo { Id = device } });
            Assert.True(created.Succeeded);
            sessions.Add(created);
            await client.GetSessionGrain(TestTenants.Acme, created.Session!.SessionId).PutDataAsync("{\"cart\":[1,2,3]}", null);
        }
        await client.GetSessionGrain(TestTenants.Acme, sessions[0].Session!.SessionId).RevokeAsync("logout");
        Assert.NotEmpty(UserKeys(userId, sessions));

        await client.GetUserGrain(TestTenants.Acme, userId).EraseAsync();

        Assert.Empty(UserKeys(userId, sessions));
        Assert.Empty(await client.GetUserGrain(TestTenants.Acme, userId).GetEventsAsync(10));
    }

    [Fact]
    public async Task TheEventStreamSurvivesTheLossOfTheSiloHoldingTheUser()
    {
        cluster.Redis.Require();
        await cluster.ApiReadyAsync();
        using var service = cluster.ApiClient();
        var userId = TestTenants.NewUserId();
        var session = await service.CreateSessionAsync(userId);
        using var device = new HttpClient { BaseAddress = cluster.ApiAddress, Timeout = Timeout.InfiniteTimeSpan };
        device.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.Str("accessToken"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var response = await device.GetAsync("/v1/me/events", HttpCompletionOption.ResponseHeadersRead, stop.Token);
        var events = Channel.CreateUnbounded<SseItem<string>>();
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(stop.Token)).EnumerateAsync(stop.Token))
                {
                    await events.Writer.WriteAsync(item);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
            {
            }
        });
        Assert.Equal("heartbeat", (await events.Reader.ReadAsync(stop.Token)).EventType);

        var host = await cluster.HostOfAsync(cluster.Client.GetUserGrain(TestTenants.Acme, userId));
        host.Kill();
        output.WriteLine($"killed {host.Name}, which held the user grain");

        // Keep changing the session's data until the change reaches the stream: the API node must resubscribe
        // to the user grain's new activation on a surviving silo.
        var started = DateTime.UtcNow;
        var received = false;
        var version = 1;
        while (!received && DateTime.UtcNow - started < TimeSpan.FromSeconds(90))
        {
            try
            {
                var put = await service.PutAsJsonAsync($"/v1/sessions/{session.Str("sessionId")}/data", new { data = new { attempt = version } });
                if (put.IsSuccessStatusCode)
                {
                    version++;
                }
            }
            catch (TaskCanceledException)
            {
            }
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            wait.CancelAfter(TimeSpan.FromSeconds(3));
            try
            {
                while (!received)
                {
                    received = (await events.Reader.ReadAsync(wait.Token)).EventType == EventTypes.SessionDataChanged;
                }
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
            }
        }
        output.WriteLine($"event received {(DateTime.UtcNow - started).TotalSeconds:F1} s after the kill");
        Assert.True(received, "no session.data_changed reached the stream after the silo loss\n" + cluster.Diagnostics());

        await stop.CancelAsync();
        await reader;
        await cluster.StartSilosAsync(1); // back to two silos for the other tests
    }

    /// <summary>Every Redis key of the user or of its sessions, and the user's reminder entries.</summary>
    private List<string> UserKeys(string userId, IEnumerable<SessionResult> sessions)
    {
        var needles = sessions.Select(s => $"/{TestTenants.Acme}/{s.Session!.SessionId}/").Append($"/{TestTenants.Acme}/{userId}/").ToList();
        var keys = cluster.Redis.Server.Keys(pattern: $"{cluster.ServiceId}*").Select(k => k.ToString()).ToList();
        var found = keys.Where(k => needles.Exists(n => k.Contains(n, StringComparison.Ordinal))).ToList();
        foreach (var set in keys.Where(k => cluster.Redis.Database.KeyType(k) == StackExchange.Redis.RedisType.SortedSet))
        {
            found.AddRange(cluster.Redis.Database.SortedSetRangeByRank(set).Select(m => m.ToString()).Where(m => m.Contains($"{TestTenants.Acme}/{userId}", StringComparison.Ordinal)));
        }
        return found;
    }
}
