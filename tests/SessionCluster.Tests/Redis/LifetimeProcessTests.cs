using SessionCluster.Grains.Domain;
using SessionCluster.Tests.Api;
using SessionCluster.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionCluster.Tests.Redis;

/// <summary>Session lifetime in real time, against real silo processes and a real Redis (second-scale tenants).</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class LifetimeProcessTests(ProcessCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task ExpiredAndRevokedSessionsLeaveRedisAndSoDoTheirUsers()
    {
        cluster.Redis.Require();
        var tenant = TestTenants.Ephemeral;
        Assert.Equal(0, TenantKeyCount(tenant));
        var users = Enumerable.Range(0, 3).Select(_ => TestTenants.NewUserId()).ToList();
        var sessions = new List<SessionResult>();
        foreach (var user in users)
        {
            for (var i = 0; i < 3; i++)
            {
                var created = await cluster.Client.CreateSessionAsync(tenant, new CreateSessionCommand { UserId = user });
                Assert.True(created.Succeeded, created.Error.ToString());
                sessions.Add(created);
            }
        }
        await cluster.Client.GetSessionGrain(tenant, sessions[0].Session!.SessionId).RevokeAsync("logout");
        await cluster.Client.GetSessionGrain(tenant, sessions[4].Session!.SessionId).RevokeAsync("logout");
        var peak = TenantKeyCount(tenant);
        Assert.True(peak >= 12, $"expected the 9 sessions and 3 users in Redis, found {peak} keys");

        // Nobody touches them again. Bound: idle timeout (2 s) + retention (0) + two sweeps (2 s each), plus slack.
        var started = DateTime.UtcNow;
        while (TenantKeyCount(tenant) > 0 && DateTime.UtcNow - started < TimeSpan.FromSeconds(45))
        {
            await Task.Delay(250);
        }

        var elapsed = DateTime.UtcNow - started;
        output.WriteLine($"{peak} keys (plus reminders) back to 0 in {elapsed.TotalSeconds:F1} s");
        Assert.Equal(0, TenantKeyCount(tenant));
        foreach (var session in sessions)
        {
            Assert.Equal(SessionError.TokenInvalid, (await cluster.Client.ValidateAsync(tenant, session.Tokens!.AccessToken)).Error);
        }
    }

    [Fact]
    public async Task ACrashCostsAtMostATenthOfTheIdleWindowNeverTheSession()
    {
        cluster.Redis.Require();
        var tenant = TestTenants.WriteBehind; // 90 s idle: activity reaches Redis at most every 9 s
        var created = await cluster.Client.CreateSessionAsync(tenant, new CreateSessionCommand { UserId = TestTenants.NewUserId() });
        var token = created.Tokens!.AccessToken;
        SessionView last = created.Session!;
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(11);
        while (DateTime.UtcNow < until)
        {
            var validated = await cluster.Client.ValidateAsync(tenant, token);
            Assert.True(validated.Succeeded, validated.Error.ToString());
            last = validated.Session!;
            await Task.Delay(100);
        }

        cluster.KillSilos();
        var restart = System.Diagnostics.Stopwatch.StartNew();
        await cluster.StartSilosAsync(2);
        output.WriteLine($"silos up {restart.Elapsed.TotalSeconds:F1} s after the crash");
        await cluster.StartClientAsync();
        output.WriteLine($"client connected {restart.Elapsed.TotalSeconds:F1} s after the crash");

        var after = await cluster.Client.GetSessionGrain(tenant, created.Session!.SessionId).GetAsync();
        var lost = last.LastSeenAt - after.Session!.LastSeenAt;
        var bound = ExpiryPolicy.ActivityWriteInterval(TimeSpan.FromSeconds(90));
        output.WriteLine($"activity lost in the crash: {lost.TotalMilliseconds:F0} ms (bound {bound.TotalMilliseconds:F0} ms of a 90 s idle window)");
        Assert.Equal(SessionStatus.Active, after.Session.Status);
        Assert.True(after.Session.LastSeenAt > created.Session.LastSeenAt, "activity was never written behind");
        // The bound, plus the time one in-flight write takes.
        Assert.InRange(lost, TimeSpan.Zero, bound + TimeSpan.FromMilliseconds(500));
        Assert.True((await cluster.Client.ValidateAsync(tenant, token)).Succeeded);
    }

    [Fact]
    public async Task OverHttpActivitySlidesTheWindowAndListenersAreWarnedBeforeItEnds()
    {
        cluster.Redis.Require();
        await cluster.ApiReadyAsync();
        using var http = cluster.ApiClient(TestTenants.FastKey); // 4 s idle, 2 s warning
        var userId = TestTenants.NewUserId();
        var listener = new EventCollector();
        await cluster.Client.GetUserGrain(TestTenants.Fast, userId)
            .SubscribeAsync(cluster.Client.CreateObjectReference<ISessionEventObserver>(listener));
        var session = await http.CreateSessionAsync(userId);

        // Eight seconds of use every second: twice the idle timeout, and the session lives on.
        for (var i = 0; i < 8; i++)
        {
            await Task.Delay(1000);
            await (await http.ValidateAsync(session.Str("accessToken"))).AssertOkAsync();
        }

        // Then silence: the listener hears "expiring", then "expired", without anyone calling.
        var expiring = await listener.WaitForAsync(e => e.Type == EventTypes.SessionExpiring, TimeSpan.FromSeconds(15));
        var expired = await listener.WaitForAsync(e => e.Type == EventTypes.SessionExpired, TimeSpan.FromSeconds(15));
        Assert.True(expiring.At < expired.At);
        Assert.Equal(session.Str("sessionId"), expired.SessionId);
        await (await http.ValidateAsync(session.Str("accessToken"))).AssertProblemAsync(401, "session_expired");

        var history = await (await http.GetAsync($"/v1/users/{userId}/events?limit=10")).AssertOkAsync();
        var types = history.GetProperty("events").EnumerateArray().Select(e => e.Str("type")).ToList();
        Assert.Equal(EventTypes.SessionExpired, types[0]);
        Assert.Contains(EventTypes.SessionExpiring, types);
        Assert.Equal(EventTypes.SessionCreated, types[^1]);
    }

    /// <summary>Every Redis key of the tenant's grains, plus the tenant's entries in the cluster's reminder set.</summary>
    private int TenantKeyCount(string tenant)
    {
        var keys = cluster.Redis.Server.Keys(pattern: $"{cluster.ServiceId}/state/*/{tenant}/*").Count();
        var reminders = cluster.Redis.Server.Keys(pattern: $"{cluster.ServiceId}*reminder*")
            .Where(k => cluster.Redis.Database.KeyType(k) == RedisType.SortedSet)
            .SelectMany(k => cluster.Redis.Database.SortedSetRangeByRank(k))
            .Count(member => member.ToString().Contains($"{tenant}/", StringComparison.Ordinal));
        return keys + reminders;
    }
}
