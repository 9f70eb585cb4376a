using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class UserGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private async Task<SessionResult> CreateAsync(string tenant, string userId, string device)
    {
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await Grains.CreateSessionAsync(tenant, new CreateSessionCommand { UserId = userId, Device = new DeviceInfo { Id = device } });
        Assert.True(result.Succeeded, result.Error.ToString());
        return result;
    }

    [Fact]
    public async Task ListShowsOnlyTheUsersActiveSessionsNewestFirst()
    {
        var user = TestTenants.NewUserId();
        var a = await CreateAsync(TestTenants.Acme, user, "phone");
        var b = await CreateAsync(TestTenants.Acme, user, "laptop");
        var c = await CreateAsync(TestTenants.Acme, user, "tv");
        await CreateAsync(TestTenants.Acme, TestTenants.NewUserId(), "someone-else");
        await CreateAsync(TestTenants.Other, user, "same-user-id-other-tenant");
        await Grains.GetSessionGrain(TestTenants.Acme, b.Session!.SessionId).RevokeAsync("logout");

        var sessions = await Grains.GetUserGrain(TestTenants.Acme, user).ListSessionsAsync();

        Assert.Equal([c.Session!.SessionId, a.Session!.SessionId], sessions.Select(s => s.SessionId));
        Assert.All(sessions, s => Assert.Equal(SessionStatus.Active, s.Status));
    }

    [Fact]
    public async Task SigningInOnANewDeviceKeepsTheOtherSessions()
    {
        var user = TestTenants.NewUserId();
        var phone = await CreateAsync(TestTenants.Acme, user, "phone");
        await CreateAsync(TestTenants.Acme, user, "laptop");

        Assert.True((await Grains.ValidateAsync(TestTenants.Acme, phone.Tokens!.AccessToken)).Succeeded);
    }

    [Fact]
    public async Task RevokeAllExceptKeepsOnlyTheNamedSession()
    {
        var user = TestTenants.NewUserId();
        var keep = await CreateAsync(TestTenants.Acme, user, "phone");
        var others = new[] { await CreateAsync(TestTenants.Acme, user, "laptop"), await CreateAsync(TestTenants.Acme, user, "tv") };

        var revoked = await Grains.GetUserGrain(TestTenants.Acme, user).RevokeAllAsync(keep.Session!.SessionId, "logout_others");

        Assert.Equal(2, revoked);
        Assert.True((await Grains.ValidateAsync(TestTenants.Acme, keep.Tokens!.AccessToken)).Succeeded);
        foreach (var other in others)
        {
            Assert.Equal(SessionError.SessionRevoked, (await Grains.ValidateAsync(TestTenants.Acme, other.Tokens!.AccessToken)).Error);
        }
        Assert.Equal([keep.Session.SessionId], (await Grains.GetUserGrain(TestTenants.Acme, user).ListSessionsAsync()).Select(s => s.SessionId));
        Assert.Equal(1, await Grains.GetUserGrain(TestTenants.Acme, user).RevokeAllAsync(null, "revoked"));
        Assert.Empty(await Grains.GetUserGrain(TestTenants.Acme, user).ListSessionsAsync());
    }

    [Fact]
    public async Task SessionLimitRejectsANewSession()
    {
        var user = TestTenants.NewUserId();
        await CreateAsync(TestTenants.Limited, user, "a");
        await CreateAsync(TestTenants.Limited, user, "b");

        var third = await Grains.CreateSessionAsync(TestTenants.Limited, new CreateSessionCommand { UserId = user });

        Assert.Equal(SessionError.SessionLimitReached, third.Error);
        Assert.Equal(2, (await Grains.GetUserGrain(TestTenants.Limited, user).ListSessionsAsync()).Count);
    }

    [Fact]
    public async Task SessionLimitCanEvictTheLeastRecentlyUsed()
    {
        var user = TestTenants.NewUserId();
        var first = await CreateAsync(TestTenants.Evicting, user, "a");
        var second = await CreateAsync(TestTenants.Evicting, user, "b");
        fixture.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.True((await Grains.ValidateAsync(TestTenants.Evicting, first.Tokens!.AccessToken)).Succeeded); // first is now the most recent

        var third = await CreateAsync(TestTenants.Evicting, user, "c");

        Assert.Equal(SessionError.SessionRevoked, (await Grains.ValidateAsync(TestTenants.Evicting, second.Tokens!.AccessToken)).Error);
        Assert.True((await Grains.ValidateAsync(TestTenants.Evicting, first.Tokens.AccessToken)).Succeeded);
        Assert.Equal(
            new[] { third.Session!.SessionId, first.Session!.SessionId }.Order(),
            (await Grains.GetUserGrain(TestTenants.Evicting, user).ListSessionsAsync()).Select(s => s.SessionId).Order());
    }

    [Fact]
    public async Task ARetriedCreateWithTheSameIdempotencyKeyGetsTheSameSessionAndTokens()
    {
        var user = TestTenants.NewUserId();
        var command = new CreateSessionCommand { UserId = user, IdempotencyKey = SessionCluster.Grains.Domain.TokenCrypto.NewSecret() };

        var first = await Grains.CreateSessionAsync(TestTenants.Acme, command);
        var retry = await Grains.CreateSessionAsync(TestTenants.Acme, command);
        var other = await Grains.CreateSessionAsync(TestTenants.Acme, command with { IdempotencyKey = SessionCluster.Grains.Domain.TokenCrypto.NewSecret() });

        Assert.True(retry.Succeeded);
        Assert.Equal(first.Session!.SessionId, retry.Session!.SessionId);
        Assert.Equal(first.Tokens, retry.Tokens);
        Assert.NotEqual(first.Session.SessionId, other.Session!.SessionId);
        Assert.Equal(2, (await Grains.GetUserGrain(TestTenants.Acme, user).ListSessionsAsync()).Count);
        // Once the pair has been rotated, the old create can no longer be replayed for tokens.
        Assert.True((await Grains.RefreshAsync(TestTenants.Acme, first.Tokens!.RefreshToken)).Succeeded);
        Assert.False((await Grains.CreateSessionAsync(TestTenants.Acme, command)).Succeeded);
    }

    [Fact]
    public async Task AnIdempotencyKeyIsBoundToItsUserAndMustBeAFullSecret()
    {
        var key = SessionCluster.Grains.Domain.TokenCrypto.NewSecret();
        var alice = await Grains.CreateSessionAsync(TestTenants.Acme, new CreateSessionCommand { UserId = TestTenants.NewUserId(), IdempotencyKey = key });

        // The same key in another user's create: another session, never alice's tokens.
        var mallory = await Grains.CreateSessionAsync(TestTenants.Acme, new CreateSessionCommand { UserId = TestTenants.NewUserId(), IdempotencyKey = key });

        Assert.True(mallory.Succeeded);
        Assert.NotEqual(alice.Session!.SessionId, mallory.Session!.SessionId);
        Assert.NotEqual(alice.Session.UserId, mallory.Session.UserId);
        await Assert.ThrowsAsync<ArgumentException>(() => Grains.CreateSessionAsync(TestTenants.Acme,
            new CreateSessionCommand { UserId = TestTenants.NewUserId(), IdempotencyKey = "retry-1" }));
    }

    [Fact]
    public async Task ADeviceIdIsDerivedWhenTheAppGivesNone()
    {
        var result = await Grains.CreateSessionAsync(TestTenants.Acme, new CreateSessionCommand { UserId = TestTenants.NewUserId() });

        Assert.StartsWith("dev_", result.Session!.Device.Id, StringComparison.Ordinal);
    }
}
