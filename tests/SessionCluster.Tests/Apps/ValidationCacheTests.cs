using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SessionCluster.AspNetCore.Caching;
using SessionCluster.AspNetCore.Client;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Apps;

/// <summary>
/// The opt-in validation cache: served for at most MaxStaleness (also while the feed is down: these hosts' feed
/// points at a closed port), outages after the bound are 503, touches at most one per tenth of the idle timeout.
/// </summary>
public sealed class ValidationCacheTests
{
    private static readonly TimeSpan Staleness = TimeSpan.FromSeconds(5);
    private static readonly TokenKey Key = ValidationCache.KeyOf("a token");

    private static string NewToken() =>
        SessionToken.Format("acme", Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)), Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)));

    private static HttpRequestMessage Me(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Fact]
    public async Task ARevokedSessionIsServedNoLongerThanMaxStalenessWithTheFeedDown()
    {
        await using var host = await HandlerHost.StartAsync(o => { o.CacheValidations = true; o.MaxStaleness = Staleness; });
        var token = NewToken();
        host.Cluster.Answers[token] = () => FakeSessionClusterClient.Session("ann", now: host.Time.GetUtcNow());
        for (var i = 0; i < 5; i++)
        {
            await (await host.Client.SendAsync(Me(token))).AssertOkAsync();
        }
        Assert.Equal(1, host.Cluster.Validations);

        // Revoked in the cluster; no feed event reaches this app.
        host.Cluster.Answers[token] = () => throw new SessionClusterException(401, "session_revoked", "revoked");
        host.Time.Advance(Staleness - TimeSpan.FromMilliseconds(1));
        await (await host.Client.SendAsync(Me(token))).AssertOkAsync();
        host.Time.Advance(TimeSpan.FromMilliseconds(1));
        await (await host.Client.SendAsync(Me(token))).AssertProblemAsync(401, "session_revoked");
        Assert.Equal(2, host.Cluster.Validations);
    }

    [Fact]
    public async Task AnOutageAfterTheBoundIs503NotAStaleAnswer()
    {
        await using var host = await HandlerHost.StartAsync(o => { o.CacheValidations = true; o.MaxStaleness = Staleness; });
        var token = NewToken();
        host.Cluster.Answers[token] = () => FakeSessionClusterClient.Session(now: host.Time.GetUtcNow());
        await (await host.Client.SendAsync(Me(token))).AssertOkAsync();
        host.Cluster.Answers[token] = () => throw new SessionClusterUnavailableException("down");
        await (await host.Client.SendAsync(Me(token))).AssertOkAsync();
        host.Time.Advance(Staleness);
        await (await host.Client.SendAsync(Me(token))).AssertProblemAsync(503, "cluster_unavailable");
    }

    [Fact]
    public async Task WithoutTheCacheEveryRequestValidates()
    {
        await using var host = await HandlerHost.StartAsync();
        var token = NewToken();
        host.Cluster.Answers[token] = () => FakeSessionClusterClient.Session();
        for (var i = 0; i < 3; i++)
        {
            await (await host.Client.SendAsync(Me(token))).AssertOkAsync();
        }
        Assert.Equal(3, host.Cluster.Validations);
    }

    [Fact]
    public async Task ActivityFromTheCacheReachesTheClusterAtMostOncePerTenthOfTheIdleTimeout()
    {
        // A bound longer than a tenth of the idle timeout: the touches, not the revalidations, carry the activity.
        await using var host = await HandlerHost.StartAsync(o => { o.CacheValidations = true; o.MaxStaleness = TimeSpan.FromMinutes(1); });
        var maintenance = host.Services.GetRequiredService<CacheMaintenance>();
        var token = NewToken();
        host.Cluster.Answers[token] = () => FakeSessionClusterClient.Session(idle: TimeSpan.FromSeconds(100), now: host.Time.GetUtcNow());
        await (await host.Client.SendAsync(Me(token))).AssertOkAsync();

        // Used from the cache, but a tenth of the idle timeout (10 s) has not passed: nothing to send.
        host.Time.Advance(TimeSpan.FromSeconds(9));
        await (await host.Client.SendAsync(Me(token))).AssertOkAsync();
        await maintenance.RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, host.Cluster.Extends);
        Assert.Equal(1, host.Cluster.Validations);

        host.Time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 20; i++)
        {
            await (await host.Client.SendAsync(Me(token))).AssertOkAsync();
        }
        Assert.Equal(1, host.Cluster.Validations);
        await maintenance.RunOnceAsync(CancellationToken.None);
        await maintenance.RunOnceAsync(CancellationToken.None);
        Assert.Equal(1, Volatile.Read(ref host.Cluster.Extends));

        // The background sweep may have touched during the 20 requests, making the later ones new use: one more
        // touch a tenth later at most, then, unused, none however much time passes.
        host.Time.Advance(TimeSpan.FromSeconds(10));
        await maintenance.RunOnceAsync(CancellationToken.None);
        var touches = Volatile.Read(ref host.Cluster.Extends);
        Assert.InRange(touches, 1, 2);
        host.Time.Advance(TimeSpan.FromSeconds(20));
        await maintenance.RunOnceAsync(CancellationToken.None);
        host.Time.Advance(TimeSpan.FromSeconds(20));
        await maintenance.RunOnceAsync(CancellationToken.None);
        Assert.Equal(touches, Volatile.Read(ref host.Cluster.Extends));
        Assert.Equal(1, host.Cluster.Validations);
    }

    [Fact]
    public void AValidationInFlightWhenTheRevokeIsAnnouncedDoesNotPutTheSessionBack()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = new ValidationCache(time);
        var session = FakeSessionClusterClient.Session("ann", now: time.GetUtcNow());
        var startedAt = cache.Now;
        time.Advance(TimeSpan.FromMilliseconds(10));
        cache.EvictSession(session.SessionId);
        Assert.False(cache.Put(Key, session, startedAt, 100));
        Assert.False(cache.TryGet(Key, Staleness, out _));

        // A validation that started after the eviction is the cluster's word after the revoke: kept.
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(cache.Put(Key, session, cache.Now, 100));
        Assert.True(cache.TryGet(Key, Staleness, out _));
    }

    [Fact]
    public void AnEntryIsNeverServedPastTheAccessTokensExpiry()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = new ValidationCache(time);
        var session = FakeSessionClusterClient.Session(now: time.GetUtcNow()) with { AccessTokenExpiresAt = time.GetUtcNow() + TimeSpan.FromSeconds(2) };
        Assert.True(cache.Put(Key, session, cache.Now, 100));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(cache.TryGet(Key, TimeSpan.FromMinutes(1), out _));
    }

    [Fact]
    public void KeysAreTheTokensHashAtAnyLength()
    {
        var token = NewToken();
        Assert.Equal(ValidationCache.KeyOf(token), ValidationCache.KeyOf(new string(token.AsSpan())));
        Assert.NotEqual(ValidationCache.KeyOf(token), ValidationCache.KeyOf(token + "x"));
        // Longer than the stack buffer: hashed from a pooled array, with the same result as a one-shot SHA-256.
        var longToken = new string('é', 700);
        var expected = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(longToken));
        var key = ValidationCache.KeyOf(longToken);
        Assert.Equal(System.Runtime.InteropServices.MemoryMarshal.Read<UInt128>(expected), key.First);
        Assert.Equal(System.Runtime.InteropServices.MemoryMarshal.Read<UInt128>(expected.AsSpan(16)), key.Second);
    }

    [Fact]
    public void TheCacheHoldsNoMoreThanItsLimit()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = new ValidationCache(time);
        Assert.True(cache.Put(ValidationCache.KeyOf("a"), FakeSessionClusterClient.Session(now: time.GetUtcNow()), cache.Now, 1));
        Assert.False(cache.Put(ValidationCache.KeyOf("b"), FakeSessionClusterClient.Session(now: time.GetUtcNow()), cache.Now, 1));
        Assert.Equal(1, cache.Count);
    }

    [Theory]
    [InlineData("session.revoked", true, false)]
    [InlineData("session.expired", true, false)]
    [InlineData("session.refreshed", true, false)]
    [InlineData("session.stepped_up", true, false)]
    [InlineData("device.removed", false, true)]
    [InlineData("user.erased", false, true)]
    [InlineData("session.created", false, false)]
    [InlineData("session.extended", false, false)]
    public async Task FeedEventsEvictWhatTheyEnd(string type, bool endsSession, bool endsUser)
    {
        await using var host = await HandlerHost.StartAsync(o => { o.CacheValidations = true; o.MaxStaleness = TimeSpan.FromMinutes(1); });
        var cache = host.Services.GetRequiredService<ValidationCache>();
        var consumer = host.Services.GetRequiredService<EventFeedConsumer>();
        var now = host.Time.GetUtcNow();
        var first = FakeSessionClusterClient.Session("ann", now: now);
        var second = FakeSessionClusterClient.Session("ann", now: now);
        cache.Put(ValidationCache.KeyOf("first"), first, cache.Now, 100);
        cache.Put(ValidationCache.KeyOf("second"), second, cache.Now, 100);
        var data = System.Text.Json.JsonSerializer.Serialize(new { id = "e1", type, userId = "ann", sessionId = type.StartsWith("session.", StringComparison.Ordinal) ? first.SessionId : null });
        consumer.Apply("message", data);
        Assert.Equal(!(endsSession || endsUser), cache.TryGet(ValidationCache.KeyOf("first"), TimeSpan.FromMinutes(1), out _));
        Assert.Equal(!endsUser, cache.TryGet(ValidationCache.KeyOf("second"), TimeSpan.FromMinutes(1), out _));
    }
}
