using SessionCluster.Grains.Domain;
using SessionCluster.Tests.Events;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Redis;

/// <summary>A two-silo cluster of its own whose silos deliver the "hooks" tenant's webhooks to a real receiver.</summary>
public sealed class WebhookProcessCluster(RedisServer redis) : IAsyncLifetime
{
    public WebhookReceiver Receiver { get; private set; } = null!;

    public ProcessCluster Cluster { get; } = new(redis);

    public async ValueTask InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        foreach (var (key, value) in EventsFixture.Settings(Receiver))
        {
            Cluster.SiloSettings[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        Cluster.SiloSettings["DOTNET_ENVIRONMENT"] = "Development"; // the receiver is plain HTTP on loopback
        await Cluster.StartAsync(silos: 2, api: false);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebhookProcessCollection : ICollectionFixture<WebhookProcessCluster>
{
    public const string Name = "webhook process cluster";
}

[Collection(WebhookProcessCollection.Name)]
public sealed class WebhookCrashProcessTests(WebhookProcessCluster fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task KillingTheSiloThatDeliversAPartitionLosesNoEvent()
    {
        var cluster = fixture.Cluster;
        cluster.Redis.Require();
        var client = cluster.Client;
        var user = TestTenants.NewUserId();
        var partition = FeedPartitions.Of(user, EventsFixture.Partitions);
        var sessions = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var created = await client.CreateSessionAsync(EventsFixture.Hooks, new CreateSessionCommand { UserId = user, Device = new DeviceInfo { Id = "laptop" } });
            Assert.True(created.Succeeded);
            sessions.Add(created.Session!.SessionId);
        }
        await WaitForAsync(() => fixture.Receiver.Received("main").Count(d => d.UserId == user) >= 3, TimeSpan.FromSeconds(30));

        // Kill -9 the silo running this partition's delivery (and, if it is there, the partition itself).
        var host = await cluster.HostOfAsync(client.GetGrain<IWebhookGrain>(FeedKeys.Webhook(EventsFixture.Hooks, "main", partition)));
        host.Kill();
        output.WriteLine($"killed {host.Name}, which delivered partition {partition}");
        var killedAt = DateTime.UtcNow;
        // Acknowledged changes made while the delivery is down (retried until the cluster answers again).
        foreach (var sessionId in sessions)
        {
            while (true)
            {
                try
                {
                    await client.GetSessionGrain(EventsFixture.Hooks, sessionId).RevokeAsync("logout");
                    break;
                }
                catch (Exception ex) when (DateTime.UtcNow - killedAt < TimeSpan.FromSeconds(60) && ex is not Xunit.Sdk.XunitException)
                {
                    await Task.Delay(500);
                }
            }
        }
        await WaitForAsync(() => fixture.Receiver.Received("main").Count(d => d.UserId == user && d.Type == EventTypes.SessionRevoked) >= 3, TimeSpan.FromSeconds(150));
        output.WriteLine($"all delivered {(DateTime.UtcNow - killedAt).TotalSeconds:F1} s after the kill");

        var mine = fixture.Receiver.Received("main").Where(d => d.UserId == user).DistinctBy(d => d.Id).ToList();
        Assert.Equal(6, mine.Count);
        Assert.All(mine, d => Assert.True(d.SignatureValid));
        foreach (var sessionId in sessions)
        {
            Assert.Equal([EventTypes.SessionCreated, EventTypes.SessionRevoked], mine.Where(d => d.SessionId == sessionId).Select(d => d.Type));
        }
    }

    private async Task WaitForAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "deliveries missing:\n" + fixture.Cluster.Diagnostics());
            await Task.Delay(200);
        }
    }
}
