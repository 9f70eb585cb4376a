using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SessionCluster.Grains;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Cluster;

/// <summary>Session lifetime on the in-process cluster with a fake clock: warnings, risk, sweeping, policy changes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LifetimeTests(ClusterFixture fixture)
{
    private const string Acme = TestTenants.Acme;
    private IGrainFactory Grains => fixture.Grains;

    private async Task<(string UserId, SessionResult Session)> CreateAsync(string tenant = Acme, ClientInfo? client = null)
    {
        var userId = TestTenants.NewUserId();
        var result = await Grains.CreateSessionAsync(tenant, new CreateSessionCommand
        {
            UserId = userId,
            Client = client ?? new ClientInfo { Ip = "203.0.113.7", UserAgent = "Firefox/140" },
        });
        Assert.True(result.Succeeded, result.Error.ToString());
        return (userId, result);
    }

    private async Task<EventCollector> ListenAsync(string tenant, string userId)
    {
        var collector = new EventCollector();
        var reference = fixture.Cluster.Client.CreateObjectReference<ISessionEventObserver>(collector);
        await Grains.GetUserGrain(tenant, userId).SubscribeAsync(reference);
        return collector;
    }

    [Fact]
    public async Task ListenersAreWarnedOncePerWarningWindowAndToldWhenItLapses()
    {
        var (userId, session) = await CreateAsync();
        var user = Grains.GetUserGrain(Acme, userId);
        var listener = await ListenAsync(Acme, userId);
        static bool Expiring(SessionEvent e) => e.Type == EventTypes.SessionExpiring;

        fixture.Time.Advance(TimeSpan.FromMinutes(27));
        await user.CheckExpiryAsync();
        Assert.DoesNotContain(listener.Events, Expiring);

        fixture.Time.Advance(TimeSpan.FromMinutes(1.5)); // inside the 2-minute warning lead
        await user.CheckExpiryAsync();
        await user.CheckExpiryAsync();
        var warning = await listener.WaitForAsync(Expiring);
        Assert.Single(listener.Events, Expiring);
        Assert.Equal(session.Session!.SessionId, warning.SessionId);
        Assert.Equal("90", warning.Detail["secondsLeft"]);

        // "Stay signed in?" — the app extends; the next window warns again.
        await Grains.GetSessionGrain(Acme, session.Session.SessionId).ExtendAsync();
        fixture.Time.Advance(TimeSpan.FromMinutes(28.5));
        await user.CheckExpiryAsync();
        Assert.Equal(2, (await WaitForCountAsync(listener, Expiring, 2)).Count);

        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        await user.CheckExpiryAsync();
        var expired = await listener.WaitForAsync(e => e.Type == EventTypes.SessionExpired);
        Assert.Equal("idle_timeout", expired.Detail["reason"]);
        Assert.Equal(SessionError.SessionExpired, (await Grains.ValidateAsync(Acme, session.Tokens!.AccessToken)).Error);
    }

    [Fact]
    public async Task ASessionSeenFromANewNetworkGetsTheRiskIdleTimeoutAndAnAlert()
    {
        var (userId, risky) = await CreateAsync();
        var (_, calm) = await CreateAsync();
        var listener = await ListenAsync(Acme, userId);

        // Same /24 and user agent: no signal.
        Assert.True((await Grains.ValidateAsync(Acme, risky.Tokens!.AccessToken, new ClientInfo { Ip = "203.0.113.99", UserAgent = "Firefox/140" })).Succeeded);
        // Another network: allowed now, but from here on the 5-minute risk idle timeout applies.
        var seen = await Grains.ValidateAsync(Acme, risky.Tokens.AccessToken, new ClientInfo { Ip = "198.51.100.23", UserAgent = "Firefox/140" });
        Assert.True(seen.Succeeded);
        Assert.Equal(fixture.Time.GetUtcNow().AddMinutes(5), seen.Session!.IdleExpiresAt);
        var alert = await listener.WaitForAsync(e => e.Type == EventTypes.SecurityAlert);
        Assert.Equal("new_network", alert.Detail["reason"]);
        Assert.Equal("198.51.100.23", alert.Detail["seenIp"]);
        Assert.Equal("203.0.113.7", alert.Detail["trustedIp"]);

        fixture.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(SessionError.SessionExpired, (await Grains.ValidateAsync(Acme, risky.Tokens.AccessToken)).Error);
        Assert.True((await Grains.ValidateAsync(Acme, calm.Tokens!.AccessToken)).Succeeded);
        Assert.Contains(await Grains.GetUserGrain(Acme, userId).GetEventsAsync(10), e => e.Type == EventTypes.SecurityAlert);
    }

    [Fact]
    public async Task EachNewNetworkIsAlertedOnceNotJustTheFirst()
    {
        var (userId, session) = await CreateAsync();
        var token = session.Tokens!.AccessToken;
        var home = new ClientInfo { Ip = "203.0.113.7", UserAgent = "Firefox/140" };
        var cafe = new ClientInfo { Ip = "198.51.100.23", UserAgent = "Firefox/140" };
        var thief = new ClientInfo { Ip = "192.0.2.66", UserAgent = "Firefox/140" };

        foreach (var client in new[] { cafe, home, cafe, cafe with { Ip = "198.51.100.24" }, thief, home, thief })
        {
            Assert.True((await Grains.ValidateAsync(Acme, token, client)).Succeeded);
        }

        var alerts = await WaitForAlertsAsync(userId, 2);
        // The café once (however often the user goes back), and the thief's network: the second theft is not silent.
        Assert.Equal(["198.51.100.23", "192.0.2.66"], alerts.Select(a => a.Detail["seenIp"]).Reverse());
    }

    private async Task<List<SessionEvent>> WaitForAlertsAsync(string userId, int count)
    {
        var user = Grains.GetUserGrain(Acme, userId);
        for (var i = 0; i < 50; i++)
        {
            var alerts = (await user.GetEventsAsync(50)).Where(e => e.Type == EventTypes.SecurityAlert).ToList();
            if (alerts.Count >= count)
            {
                await Task.Delay(200); // and no more than that arrive
                return [.. (await user.GetEventsAsync(50)).Where(e => e.Type == EventTypes.SecurityAlert)];
            }
            await Task.Delay(100);
        }
        return [.. (await user.GetEventsAsync(50)).Where(e => e.Type == EventTypes.SecurityAlert)];
    }

    [Fact]
    public async Task TheHistoryKeepsTheUsersEventsNewestFirst()
    {
        var (userId, session) = await CreateAsync();
        var user = Grains.GetUserGrain(Acme, userId);
        var refreshed = await Grains.RefreshAsync(Acme, session.Tokens!.RefreshToken);
        await Grains.GetSessionGrain(Acme, session.Session!.SessionId).RevokeAsync("logout");

        var events = await WaitForHistoryAsync(user, 3);

        Assert.Equal([EventTypes.SessionRevoked, EventTypes.SessionRefreshed, EventTypes.SessionCreated], events.Take(3).Select(e => e.Type));
        Assert.Equal("logout", events[0].Detail["reason"]);
        Assert.All(events, e => Assert.Equal(session.Session.SessionId, e.SessionId));
        Assert.Single(await user.GetEventsAsync(1));
        Assert.True(refreshed.Succeeded);
    }

    [Fact]
    public async Task SweepRecordsAnUnnoticedExpiryAndRemovesDeadSessionsAfterRetention()
    {
        var (userId, session) = await CreateAsync();
        var (_, revoked) = await CreateAsync();
        var user = Grains.UserInternal(Acme, userId); // the sweep is the cluster's own call (its reminder makes it)
        var sessionId = session.Session!.SessionId;

        fixture.Time.Advance(TimeSpan.FromMinutes(31)); // nobody touches it: expired, unnoticed
        await user.SweepAsync();
        var events = await WaitForHistoryAsync(user, 2);
        Assert.Contains(events, e => e.Type == EventTypes.SessionExpired && e.SessionId == sessionId);
        var dead = await Grains.GetSessionGrain(Acme, sessionId).GetAsync();
        Assert.Equal(SessionStatus.Expired, dead.Session!.Status); // still readable during the retention

        fixture.Time.Advance(TimeSpan.FromHours(1));
        await user.SweepAsync();

        Assert.Equal(SessionError.SessionNotFound, (await Grains.GetSessionGrain(Acme, sessionId).GetAsync()).Error);
        Assert.Equal(SessionError.TokenInvalid, (await Grains.ValidateAsync(Acme, session.Tokens!.AccessToken)).Error);
        Assert.Empty(await user.ListSessionsAsync());
        // Another user's sweep leaves their sessions alone until their own turn.
        Assert.Equal(SessionStatus.Expired, (await Grains.GetSessionGrain(Acme, revoked.Session!.SessionId).GetAsync()).Session!.Status);

        // The history outlives the sessions, for its own retention.
        Assert.NotEmpty(await user.GetEventsAsync(10));
        fixture.Time.Advance(TimeSpan.FromDays(31));
        await user.SweepAsync();
        Assert.Empty(await user.GetEventsAsync(10));
    }

    [Fact]
    public async Task ExpirySurvivesDeactivation()
    {
        var (_, session) = await CreateAsync();
        fixture.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.True((await Grains.ValidateAsync(Acme, session.Tokens!.AccessToken)).Succeeded);

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        fixture.Time.Advance(TimeSpan.FromMinutes(29)); // 43 min after creation, 29 after the last use
        var refreshed = await Grains.RefreshAsync(Acme, session.Tokens.RefreshToken);
        Assert.True(refreshed.Succeeded, refreshed.Error.ToString());

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        fixture.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(SessionError.SessionExpired, (await Grains.RefreshAsync(Acme, refreshed.Tokens!.RefreshToken)).Error);
    }

    [Fact]
    public async Task APolicyChangeAppliesToExistingSessionsOnTheirNextCall()
    {
        var (_, session) = await CreateAsync(TestTenants.Tunable);
        fixture.Time.Advance(TimeSpan.FromMinutes(12));
        Assert.True((await Grains.ValidateAsync(TestTenants.Tunable, session.Tokens!.AccessToken)).Succeeded);

        SetPolicy("IdleTimeout", "00:10:00");
        try
        {
            fixture.Time.Advance(TimeSpan.FromMinutes(11));
            Assert.Equal(SessionError.SessionExpired, (await Grains.ValidateAsync(TestTenants.Tunable, session.Tokens.AccessToken)).Error);
        }
        finally
        {
            SetPolicy("IdleTimeout", "00:30:00");
        }
        // Once recorded, an expiry is final: lengthening the policy again does not bring the session back.
        Assert.Equal(SessionError.SessionExpired, (await Grains.ValidateAsync(TestTenants.Tunable, session.Tokens.AccessToken)).Error);
    }

    [Fact]
    public async Task NotBeforeSignsOutEverySessionCreatedBeforeItAndNoLaterOne()
    {
        var (userId, old) = await CreateAsync(TestTenants.Tunable);
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var cutoff = fixture.Time.GetUtcNow();
        SetPolicy("NotBefore", cutoff.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            fixture.Time.Advance(TimeSpan.FromSeconds(1));
            var (_, fresh) = await CreateAsync(TestTenants.Tunable);

            var refused = await Grains.ValidateAsync(TestTenants.Tunable, old.Tokens!.AccessToken);
            Assert.Equal(SessionError.SessionExpired, refused.Error);
            Assert.Equal("not_before", refused.Session!.EndReason);
            Assert.Equal(SessionError.SessionExpired, (await Grains.RefreshAsync(TestTenants.Tunable, old.Tokens.RefreshToken)).Error);
            Assert.True((await Grains.ValidateAsync(TestTenants.Tunable, fresh.Tokens!.AccessToken)).Succeeded);
            Assert.DoesNotContain(await Grains.GetUserGrain(TestTenants.Tunable, userId).ListSessionsAsync(), s => s.SessionId == old.Session!.SessionId);
        }
        finally
        {
            SetPolicy("NotBefore", "");
        }
    }

    private void SetPolicy(string key, string value)
    {
        foreach (var silo in fixture.Cluster.Silos)
        {
            var config = (IConfigurationRoot)silo.ServiceProvider.GetRequiredService<IConfiguration>();
            config[$"SessionCluster:Tenants:{TestTenants.Tunable}:Policy:{key}"] = value;
            config.Reload();
        }
    }

    private static async Task<List<SessionEvent>> WaitForCountAsync(EventCollector listener, Func<SessionEvent, bool> match, int count)
    {
        await WaitUntilAsync(() => Task.FromResult(listener.Events.Count(match) >= count));
        return [.. listener.Events.Where(match)];
    }

    /// <summary>Events travel one-way from session to user grain: wait (bounded) until the history has them.</summary>
    private static async Task<IReadOnlyList<SessionEvent>> WaitForHistoryAsync(IUserGrain user, int atLeast)
    {
        IReadOnlyList<SessionEvent> events = [];
        await WaitUntilAsync(async () => (events = await user.GetEventsAsync(100)).Count >= atLeast);
        return events;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
