using SessionCluster.Grains.Domain;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Unit;

/// <summary>The user grain's rules without a cluster: index, session limit, devices, history, expiry warnings.</summary>
public sealed class UserRulesTests
{
    private static readonly DateTimeOffset T = TestTenants.Epoch;

    private static SessionView View(string id, DateTimeOffset lastSeen, string device = "d", bool expiresSoon = false, DateTimeOffset? idleExpiresAt = null) => new()
    {
        SessionId = id,
        UserId = "u",
        Device = new DeviceInfo { Id = device },
        LastSeenAt = lastSeen,
        CreatedAt = T,
        ExpiresSoon = expiresSoon,
        IdleExpiresAt = idleExpiresAt ?? lastSeen.AddMinutes(30),
    };

    [Fact]
    public void TheIndexKeepsEndedSessionsUntilPurgedAndRemembersTheFirstEnd()
    {
        var index = new SessionIndex(new(StringComparer.Ordinal));
        index.Add("a", "phone", T);
        index.Add("b", "phone", T);
        index.Add("c", "laptop", T);

        index.MarkEnded("a", T.AddMinutes(1));
        index.MarkEnded("a", T.AddMinutes(5)); // a later report does not move the end
        index.MarkEnded("missing", T);

        Assert.Equal(["b", "c"], index.LiveIds.Order());
        Assert.Equal(["b"], index.LiveOnDevice("phone"));
        Assert.Equal(["laptop", "phone"], index.DeviceIds.Order()); // "a" still counts until purged
        Assert.False(index.IsLive("a"));
        Assert.True(index.Contains("a"));
    }

    [Fact]
    public void TheSessionLimitEvictsTheLeastRecentlyUsedOnlyWhenFull()
    {
        var active = new[] { View("new", T.AddMinutes(3)), View("old", T.AddMinutes(1)), View("mid", T.AddMinutes(2)) };

        Assert.Empty(SessionIndex.EvictionVictims(active, 0)); // unlimited
        Assert.Empty(SessionIndex.EvictionVictims(active, 4));
        Assert.Equal(["old"], SessionIndex.EvictionVictims(active, 3).Select(v => v.SessionId));
        Assert.Equal(["old", "mid"], SessionIndex.EvictionVictims(active, 2).Select(v => v.SessionId));
    }

    [Fact]
    public void DevicesAreRegisteredOnceListedByLastUseAndGoWithTheirLastSession()
    {
        var devices = new DeviceRegistry(new(StringComparer.Ordinal));
        var phone = DeviceRegistry.WithId(new DeviceInfo { Name = "Phone" });
        Assert.StartsWith(DeviceRegistry.GeneratedIdPrefix, phone.Id, StringComparison.Ordinal);
        Assert.Equal("laptop", DeviceRegistry.WithId(new DeviceInfo { Id = "laptop" }).Id);

        Assert.True(devices.Register(phone, DeviceLinkKinds.Login, T));
        Assert.True(devices.Register(new DeviceInfo { Id = "tv", Name = "TV" }, DeviceLinkKinds.Link, T.AddMinutes(1)));
        Assert.False(devices.Register(phone with { Name = "Anna's phone" }, DeviceLinkKinds.Login, T.AddMinutes(2)));

        var views = devices.Views([View("s1", T.AddMinutes(9), device: "tv"), View("s2", T.AddMinutes(4), device: "tv")]);
        Assert.Equal(["tv", phone.Id], views.Select(v => v.DeviceId));
        Assert.Equal((2, T.AddMinutes(9), DeviceLinkKinds.Link), (views[0].ActiveSessions, views[0].LastSeenAt, views[0].LinkedVia));
        Assert.Equal(("Anna's phone", 0, T, T.AddMinutes(2)), (views[1].Name, views[1].ActiveSessions, views[1].FirstSeenAt, views[1].LastSeenAt));

        devices.KeepOnly(new HashSet<string>(["tv"]));
        Assert.False(devices.Contains(phone.Id!));
        Assert.Equal(1, devices.Count);
    }

    [Fact]
    public void TheHistoryIsBoundedNewestFirstAndDropsWhatOutlivedRetention()
    {
        var log = new EventLog([]);
        for (var i = 0; i < EventHistory.Limit + 10; i++)
        {
            log.Append(SessionEvents.New(EventTypes.SessionRefreshed, T.AddSeconds(i), "s", "d"));
        }

        Assert.Equal(EventHistory.Limit, log.Count);
        var newest = log.Newest(3);
        Assert.Equal([T.AddSeconds(EventHistory.Limit + 9), T.AddSeconds(EventHistory.Limit + 8), T.AddSeconds(EventHistory.Limit + 7)], newest.Select(e => e.At));
        Assert.Equal(EventHistory.Limit, log.Newest(10_000).Count);
        Assert.Empty(log.Newest(0));

        Assert.True(log.DropBefore(T.AddSeconds(EventHistory.Limit)));
        Assert.Equal(10, log.Count);
        Assert.False(log.DropBefore(T));
    }

    [Fact]
    public void AnExpiryIsWarnedOncePerWindowAndAgainAfterAnExtension()
    {
        var watch = new ExpiryWatch();
        var lead = TimeSpan.FromMinutes(2);
        var now = T.AddMinutes(30).AddSeconds(-20);
        var soon = View("s", T, expiresSoon: true, idleExpiresAt: T.AddMinutes(30));

        var (first, next) = watch.Check([soon], lead, now);
        var warning = Assert.Single(first);
        Assert.Equal((EventTypes.SessionExpiring, "s", "20"), (warning.Type, warning.SessionId, warning.Detail["secondsLeft"]));
        Assert.Equal(TimeSpan.FromSeconds(20), next); // next look: at the expiry itself
        Assert.Empty(watch.Check([soon], lead, now).Warnings);

        var extended = soon with { IdleExpiresAt = T.AddMinutes(31) };
        Assert.Single(watch.Check([extended], lead, now.AddSeconds(10)).Warnings);

        // Far from any expiry: look again at the warning instant, but never later than the longest interval.
        var quiet = View("q", now, idleExpiresAt: now.AddMinutes(30));
        Assert.Equal(ExpiryWatch.MaxInterval, watch.Check([quiet], lead, now).NextCheck);
        Assert.Equal(ExpiryWatch.MinInterval, watch.Check([View("z", T, idleExpiresAt: now)], lead, now).NextCheck);
    }

    [Fact]
    public void AnAlertSaysWhereItWasSeenAndWhatElseItNeeds()
    {
        var detail = SessionEvents.Alert("new_network", new ClientInfo { Ip = "198.51.100.7" }, ("trustedIp", "203.0.113.7"));

        Assert.Equal(new Dictionary<string, string>
        {
            ["reason"] = "new_network",
            ["seenIp"] = "198.51.100.7",
            ["seenUserAgent"] = "",
            ["trustedIp"] = "203.0.113.7",
        }, detail);
        var a = SessionEvents.New(EventTypes.SecurityAlert, T, null, null);
        var b = SessionEvents.New(EventTypes.SecurityAlert, T.AddMilliseconds(1), null, null);
        Assert.True(string.CompareOrdinal(a.Id, b.Id) < 0, "event ids sort by time");
    }
}
