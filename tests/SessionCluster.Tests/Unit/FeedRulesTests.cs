using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using SessionCluster.Grains;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Tests.Unit;

public sealed class FeedRulesTests
{
    [Fact]
    public void ACursorRoundTripsEveryPosition()
    {
        var cursor = FeedCursor.Start(4).With(0, new FeedPosition(1764700000123, 0)).With(3, new FeedPosition(ulong.MaxValue, 7));
        Assert.True(FeedCursor.TryDecode(cursor.Encode(), 4, out var back));
        Assert.Equal(cursor[0], back[0]);
        Assert.Equal(FeedPosition.Start, back[1]);
        Assert.Equal(new FeedPosition(ulong.MaxValue, 7), back[3]);
        Assert.DoesNotContain('+', cursor.Encode());
        Assert.DoesNotContain('/', cursor.Encode());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a cursor!")]
    [InlineData("AQIAAAAA")] // two partitions, not four
    [InlineData("AgQAAAAAAAAAAA")] // unknown version
    [InlineData("AQQAAAAAAAAAAAA")] // a byte too many
    [InlineData("AQQAAAAAAAAA")] // cut short
    [InlineData("AQSAAAAAAAAAAAAA")] // a non-canonical varint (0x80 0x00)
    public void AnythingElseIsNoCursor(string? text) => Assert.False(FeedCursor.TryDecode(text, 4, out _));

    [Fact]
    public void PositionsOrderLikeRedisStreamIds()
    {
        Assert.True(FeedPosition.Parse("5-1") > FeedPosition.Parse("5-0"));
        Assert.True(FeedPosition.Parse("6-0") > FeedPosition.Parse("5-99"));
        Assert.Equal("5-2", FeedPosition.Parse("5-1").Next(4).ToString()); // a clock behind: the sequence moves
        Assert.Equal("9-0", FeedPosition.Parse("5-1").Next(9).ToString());
        Assert.False(FeedPosition.TryParse("5", out _));
        Assert.False(FeedPosition.TryParse("-5-1", out _));
        Assert.False(FeedPosition.TryParse("5-x", out _));
    }

    [Fact]
    public void AUserAlwaysLandsInTheSamePartition()
    {
        Assert.Equal(FeedPartitions.Of("alice", 8), FeedPartitions.Of("alice", 8));
        // Pinned: a change of hash would move users between partitions and break every stored cursor's meaning.
        Assert.Equal(7, FeedPartitions.Of("alice", 8));
        var spread = Enumerable.Range(0, 800).Select(i => FeedPartitions.Of($"user-{i}", 8)).GroupBy(p => p).ToList();
        Assert.Equal(8, spread.Count);
        Assert.All(spread, g => Assert.InRange(g.Count(), 50, 150));
    }

    [Fact]
    public void TypeFiltersTakeTypesAndPrefixes()
    {
        var filter = EventTypeFilter.TryParse("security.,session.revoked", out _)!;
        Assert.True(filter.Matches(EventTypes.SecurityAlert));
        Assert.True(filter.Matches(EventTypes.SessionRevoked));
        Assert.False(filter.Matches(EventTypes.SessionCreated));
        Assert.True(EventTypeFilter.TryParse(null, out _)!.Matches(EventTypes.MfaEnrolled));
        Assert.True(EventTypeFilter.TryParse("", out _)!.IsAll);
    }

    [Theory]
    [InlineData("session.nope")]
    [InlineData("security")] // a prefix must end in '.'
    [InlineData("nothing.")]
    public void UnknownTypesAreRefused(string list)
    {
        Assert.Null(EventTypeFilter.TryParse(list, out var unknown));
        Assert.Equal(list, unknown);
    }

    [Fact]
    public void BackoffDoublesWithJitterUpToItsCap()
    {
        var max = TimeSpan.FromMinutes(10);
        Assert.Equal(TimeSpan.FromMilliseconds(500), WebhookBackoff.Delay(1, max, 0));
        Assert.Equal(TimeSpan.FromSeconds(1), WebhookBackoff.Delay(1, max, 1));
        Assert.Equal(TimeSpan.FromSeconds(4), WebhookBackoff.Delay(4, max, 0));
        Assert.Equal(TimeSpan.FromSeconds(8), WebhookBackoff.Delay(4, max, 1));
        Assert.Equal(TimeSpan.FromMinutes(10), WebhookBackoff.Delay(40, max, 1));
        Assert.Equal(TimeSpan.FromMinutes(5), WebhookBackoff.Delay(int.MaxValue, max, 0));
        var start = DateTimeOffset.UnixEpoch;
        Assert.False(WebhookBackoff.WindowSpent(start, start.AddHours(23), TimeSpan.FromHours(24)));
        Assert.True(WebhookBackoff.WindowSpent(start, start.AddHours(24), TimeSpan.FromHours(24)));
    }

    [Fact]
    public void AReconnectGetsWhatCameAfterItsLastEvent()
    {
        var at = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
        var events = Enumerable.Range(0, 4).Select(i => SessionEvents.New(EventTypes.SessionRefreshed, at.AddSeconds(i), "s", "d")).ToList();
        var newestFirst = Enumerable.Reverse(events).ToList();
        Assert.Equal([events[2].Id, events[3].Id], EventReplay.After(newestFirst, events[1].Id).Select(e => e.Id));
        Assert.Empty(EventReplay.After(newestFirst, events[3].Id));
        // An id the history no longer holds: by its time (UUID v7).
        var gone = Guid.CreateVersion7(at.AddSeconds(1.5)).ToString("N");
        Assert.Equal([events[2].Id, events[3].Id], EventReplay.After(newestFirst, gone).Select(e => e.Id));
        Assert.Empty(EventReplay.After(newestFirst, "junk"));
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "tests";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static IReadOnlyList<string> WebhookErrors(string environment, string? url, string? secret, params string[] types)
    {
        var options = new SessionClusterOptions();
        var hook = new WebhookOptions { Url = url, Secret = secret, Types = [.. types] };
        options.Tenants["acme"] = new TenantOptions { Webhooks = { ["main"] = hook } };
        var result = new WebhookOptionsValidator(new Environment(environment)).Validate(null, options);
        return result.Failures?.ToList() ?? [];
    }

    private const string GoodSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public void AGoodWebhookPasses()
    {
        Assert.Empty(WebhookErrors("Production", "https://app.example/hooks", GoodSecret, "security."));
        Assert.Empty(WebhookErrors("Development", "http://127.0.0.1:5000/hooks", GoodSecret));
    }

    [Theory]
    [InlineData("Production", "http://app.example/hooks", GoodSecret, "", "SessionCluster:Tenants:acme:Webhooks:main:Url")]
    [InlineData("Production", "not a url", GoodSecret, "", "SessionCluster:Tenants:acme:Webhooks:main:Url")]
    [InlineData("Production", "https://app.example/hooks", null, "", "SessionCluster:Tenants:acme:Webhooks:main:Secret")]
    [InlineData("Production", "https://app.example/hooks", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "", "SessionCluster:Tenants:acme:Webhooks:main:Secret")]
    [InlineData("Production", "https://app.example/hooks", "whsec_c2hvcnQ=", "", "SessionCluster:Tenants:acme:Webhooks:main:Secret")]
    [InlineData("Production", "https://app.example/hooks", "whsec_!!!", "", "SessionCluster:Tenants:acme:Webhooks:main:Secret")]
    [InlineData("Production", "https://app.example/hooks", GoodSecret, "session.nope", "SessionCluster:Tenants:acme:Webhooks:main:Types")]
    public void ABadWebhookStopsTheStartNamingItsKey(string environment, string url, string? secret, string type, string key)
    {
        var errors = WebhookErrors(environment, url, secret, type.Length == 0 ? [] : [type]);
        Assert.Contains(errors, e => e.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public void EventSettingsAreChecked()
    {
        var errors = new EventsOptionsValidator().Validate(null, new EventsOptions { FeedPartitions = 0, FeedRetention = TimeSpan.Zero, WebhookRetryWindow = TimeSpan.FromSeconds(-1) }).Failures!.ToList();
        Assert.Contains(errors, e => e.StartsWith("SessionCluster:Events:FeedPartitions", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SessionCluster:Events:FeedRetention", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SessionCluster:Events:WebhookRetryWindow", StringComparison.Ordinal));
        Assert.True(new EventsOptionsValidator().Validate(null, new EventsOptions()).Succeeded);
    }
}
