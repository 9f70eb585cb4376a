using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Cluster;

[Collection(ClusterCollection.Name)]
public sealed class SessionGrainTests(ClusterFixture fixture)
{
    private const string Acme = TestTenants.Acme;
    private IGrainFactory Grains => fixture.Grains;

    private async Task<SessionResult> CreateAsync(string tenant = Acme, bool rememberMe = false, string? userId = null)
    {
        var result = await Grains.CreateSessionAsync(tenant, new CreateSessionCommand
        {
            UserId = userId ?? TestTenants.NewUserId(),
            Device = new DeviceInfo { Id = "laptop", Name = "Laptop", Type = "browser" },
            Client = new ClientInfo { Ip = "10.0.0.1", UserAgent = "Firefox" },
            RememberMe = rememberMe,
        });
        Assert.True(result.Succeeded, result.Error.ToString());
        return result;
    }

    [Fact]
    public async Task CreatedSessionValidatesWithItsAccessToken()
    {
        var created = await CreateAsync();

        var validated = await Grains.ValidateAsync(Acme, created.Tokens!.AccessToken);

        Assert.True(validated.Succeeded);
        Assert.Equal(created.Session!.SessionId, validated.Session!.SessionId);
        Assert.Equal(SessionStatus.Active, validated.Session.Status);
        Assert.Equal("laptop", validated.Session.Device.Id);
        Assert.Equal("10.0.0.1", validated.Session.Client.Ip);
    }

    [Fact]
    public async Task WrongSecretOrForeignTenantNeverValidates()
    {
        var created = await CreateAsync();
        SessionToken.TryParse(created.Tokens!.AccessToken, out _, out var sid, out _);

        var forged = SessionToken.Format(Acme, sid, Grains_NewSecret());
        Assert.Equal(SessionError.TokenInvalid, (await Grains.ValidateAsync(Acme, forged)).Error);
        // A valid token presented to another tenant: rejected before any grain is reached.
        Assert.Equal(SessionError.TokenInvalid, (await Grains.ValidateAsync(TestTenants.Other, created.Tokens.AccessToken)).Error);
        // The same session id re-addressed under another tenant is another (empty) grain.
        var rerouted = SessionToken.Format(TestTenants.Other, sid, created.Tokens.AccessToken.Split('.')[2]);
        Assert.Equal(SessionError.TokenInvalid, (await Grains.ValidateAsync(TestTenants.Other, rerouted)).Error);
        Assert.Equal(SessionError.SessionNotFound, (await Grains.GetSessionGrain(TestTenants.Other, sid).GetAsync()).Error);
        // The refresh token is not an access token.
        Assert.Equal(SessionError.TokenInvalid, (await Grains.ValidateAsync(Acme, created.Tokens.RefreshToken)).Error);
    }

    [Fact]
    public async Task ValidationSlidesTheIdleWindow()
    {
        var created = await CreateAsync();
        var token = created.Tokens!.AccessToken;

        fixture.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.True((await Grains.ValidateAsync(Acme, token)).Succeeded);
        fixture.Time.Advance(TimeSpan.FromMinutes(14));
        var refreshed = await Grains.RefreshAsync(Acme, created.Tokens.RefreshToken);
        Assert.True(refreshed.Succeeded);
        fixture.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.True((await Grains.ValidateAsync(Acme, refreshed.Tokens!.AccessToken)).Succeeded);
        fixture.Time.Advance(TimeSpan.FromMinutes(29));
        // 71 minutes after creation the session is alive (every use renewed the 30-minute idle window);
        // only its access token has aged out, and refresh proves the session still stands.
        Assert.Equal(SessionError.AccessTokenExpired, (await Grains.ValidateAsync(Acme, refreshed.Tokens.AccessToken)).Error);
        refreshed = await Grains.RefreshAsync(Acme, refreshed.Tokens.RefreshToken);
        Assert.True(refreshed.Succeeded, refreshed.Error.ToString());

        fixture.Time.Advance(TimeSpan.FromMinutes(30));
        var expired = await Grains.ValidateAsync(Acme, refreshed.Tokens!.AccessToken);
        Assert.Equal(SessionError.SessionExpired, expired.Error);
        Assert.Equal(SessionStatus.Expired, expired.Session!.Status);
        Assert.Equal(SessionError.SessionExpired, (await Grains.RefreshAsync(Acme, refreshed.Tokens.RefreshToken)).Error);
        Assert.Equal(SessionStatus.Expired, (await Grains.GetSessionGrain(Acme, created.Session!.SessionId).GetAsync()).Session!.Status);
    }

    [Fact]
    public async Task AbsoluteLifetimeEndsAnActiveSession()
    {
        var created = await CreateAsync();
        var tokens = created.Tokens!;
        var cap = created.Session!.CreatedAt.AddHours(12);
        var step = TimeSpan.FromMinutes(14);
        while (fixture.Time.GetUtcNow() + step < cap)
        {
            fixture.Time.Advance(step);
            var refreshed = await Grains.RefreshAsync(Acme, tokens.RefreshToken);
            Assert.True(refreshed.Succeeded, $"refresh at {fixture.Time.GetUtcNow()}: {refreshed.Error}");
            tokens = refreshed.Tokens!;
        }

        fixture.Time.Advance(step);

        Assert.Equal(SessionError.SessionExpired, (await Grains.RefreshAsync(Acme, tokens.RefreshToken)).Error);
        Assert.Equal(SessionError.SessionExpired, (await Grains.ValidateAsync(Acme, tokens.AccessToken)).Error);
    }

    [Fact]
    public async Task RememberMeOutlivesTheNormalAbsoluteLifetime()
    {
        var created = await CreateAsync(rememberMe: true);
        var tokens = created.Tokens!;

        for (var i = 0; i < 60; i++) // 15 hours of refreshes every quarter hour
        {
            fixture.Time.Advance(TimeSpan.FromMinutes(15));
            var refreshed = await Grains.RefreshAsync(Acme, tokens.RefreshToken);
            Assert.True(refreshed.Succeeded, $"refresh {i}: {refreshed.Error}");
            tokens = refreshed.Tokens!;
        }

        var view = (await Grains.ValidateAsync(Acme, tokens.AccessToken)).Session!;
        Assert.Equal(created.Session!.CreatedAt.AddDays(30), view.AbsoluteExpiresAt);
    }

    [Fact]
    public async Task ExpiredAccessTokenIsRefusedAndRefreshIssuesANewPair()
    {
        var created = await CreateAsync();
        fixture.Time.Advance(TimeSpan.FromMinutes(15));

        Assert.Equal(SessionError.AccessTokenExpired, (await Grains.ValidateAsync(Acme, created.Tokens!.AccessToken)).Error);
        var refreshed = await Grains.RefreshAsync(Acme, created.Tokens.RefreshToken);
        Assert.True(refreshed.Succeeded);
        Assert.Equal(fixture.Time.GetUtcNow().AddMinutes(15), refreshed.Session!.AccessTokenExpiresAt);
        Assert.True((await Grains.ValidateAsync(Acme, refreshed.Tokens!.AccessToken)).Succeeded);
    }

    [Fact]
    public async Task RefreshRotatesBothTokensAndRetiresTheOldAccessToken()
    {
        var created = await CreateAsync();

        var refreshed = await Grains.RefreshAsync(Acme, created.Tokens!.RefreshToken);

        Assert.True(refreshed.Succeeded);
        Assert.NotEqual(created.Tokens.AccessToken, refreshed.Tokens!.AccessToken);
        Assert.NotEqual(created.Tokens.RefreshToken, refreshed.Tokens.RefreshToken);
        Assert.NotEqual(created.Tokens.CsrfToken, refreshed.Tokens.CsrfToken);
        Assert.Equal(SessionError.TokenInvalid, (await Grains.ValidateAsync(Acme, created.Tokens.AccessToken)).Error);
        Assert.True((await Grains.ValidateAsync(Acme, refreshed.Tokens.AccessToken)).Succeeded);
    }

    [Fact]
    public async Task ConcurrentRefreshesInsideTheGraceAllGetTheSamePair()
    {
        var created = await CreateAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Grains.RefreshAsync(Acme, created.Tokens!.RefreshToken)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error.ToString()));
        Assert.Single(results.Select(r => r.Tokens).Distinct());
        fixture.Time.Advance(TimeSpan.FromSeconds(10));
        var late = await Grains.RefreshAsync(Acme, created.Tokens!.RefreshToken);
        Assert.Equal(results[0].Tokens, late.Tokens); // the grace boundary is inclusive
        Assert.True((await Grains.ValidateAsync(Acme, results[0].Tokens!.AccessToken)).Succeeded);
    }

    [Fact]
    public async Task ReusedRefreshTokenAfterTheGraceRevokesTheSession()
    {
        var created = await CreateAsync();
        var rotated = await Grains.RefreshAsync(Acme, created.Tokens!.RefreshToken);
        fixture.Time.Advance(TimeSpan.FromSeconds(11));

        var reuse = await Grains.RefreshAsync(Acme, created.Tokens.RefreshToken);

        Assert.Equal(SessionError.RefreshTokenReused, reuse.Error);
        Assert.Equal("refresh_token_reused", reuse.Session!.EndReason);
        // The legitimate holder is signed out too: the thief's copy and theirs are indistinguishable.
        Assert.Equal(SessionError.SessionRevoked, (await Grains.ValidateAsync(Acme, rotated.Tokens!.AccessToken)).Error);
        Assert.Equal(SessionError.SessionRevoked, (await Grains.RefreshAsync(Acme, rotated.Tokens.RefreshToken)).Error);
    }

    [Fact]
    public async Task ReuseOfAnOlderGenerationIsAlsoTheft()
    {
        var created = await CreateAsync();
        var tokens = created.Tokens!;
        for (var i = 0; i < 3; i++)
        {
            fixture.Time.Advance(TimeSpan.FromMinutes(1));
            tokens = (await Grains.RefreshAsync(Acme, tokens.RefreshToken)).Tokens!;
        }

        Assert.Equal(SessionError.RefreshTokenReused, (await Grains.RefreshAsync(Acme, created.Tokens!.RefreshToken)).Error);
        Assert.Equal(SessionError.SessionRevoked, (await Grains.ValidateAsync(Acme, tokens.AccessToken)).Error);
    }

    [Fact]
    public async Task RevokedSessionStaysRevoked()
    {
        var created = await CreateAsync();
        var grain = Grains.GetSessionGrain(Acme, created.Session!.SessionId);

        Assert.True(await grain.RevokeAsync("logout"));
        Assert.False(await grain.RevokeAsync("logout")); // idempotent

        Assert.Equal(SessionError.SessionRevoked, (await Grains.ValidateAsync(Acme, created.Tokens!.AccessToken)).Error);
        Assert.Equal(SessionError.SessionRevoked, (await Grains.RefreshAsync(Acme, created.Tokens.RefreshToken)).Error);
        Assert.Equal(SessionError.SessionRevoked, (await grain.ExtendAsync()).Error);
        var view = (await grain.GetAsync()).Session!;
        Assert.Equal(SessionStatus.Revoked, view.Status);
        Assert.Equal("logout", view.EndReason);
    }

    [Fact]
    public async Task ExtendRenewsTheIdleWindowButNeverPastTheAbsoluteCap()
    {
        var created = await CreateAsync();
        var grain = Grains.GetSessionGrain(Acme, created.Session!.SessionId);

        fixture.Time.Advance(TimeSpan.FromMinutes(20));
        var extended = await grain.ExtendAsync();
        Assert.Equal(fixture.Time.GetUtcNow().AddMinutes(30), extended.Session!.IdleExpiresAt);

        for (var i = 0; i < 12 * 3; i++)
        {
            fixture.Time.Advance(TimeSpan.FromMinutes(20));
            extended = await grain.ExtendAsync();
            if (!extended.Succeeded)
            {
                break;
            }
            Assert.True(extended.Session!.IdleExpiresAt <= extended.Session.AbsoluteExpiresAt);
        }
        Assert.Equal(SessionError.SessionExpired, extended.Error);
    }

    [Fact]
    public async Task ExpiresSoonInsideTheWarningWindow()
    {
        var created = await CreateAsync();
        var grain = Grains.GetSessionGrain(Acme, created.Session!.SessionId);

        fixture.Time.Advance(TimeSpan.FromMinutes(27));
        Assert.False((await grain.GetAsync()).Session!.ExpiresSoon);
        fixture.Time.Advance(TimeSpan.FromMinutes(1.5));
        Assert.True((await grain.GetAsync()).Session!.ExpiresSoon);
    }

    [Fact]
    public async Task StateSurvivesDeactivation()
    {
        var created = await CreateAsync();
        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var validated = await Grains.ValidateAsync(Acme, created.Tokens!.AccessToken);

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var after = await Grains.ValidateAsync(Acme, created.Tokens.AccessToken);
        Assert.True(after.Succeeded, after.Error.ToString());
        Assert.True(after.Session!.LastSeenAt >= validated.Session!.LastSeenAt);
        Assert.Equal(SessionError.TokenInvalid, (await Grains.ValidateAsync(Acme, SessionToken.Format(Acme, created.Session!.SessionId, Grains_NewSecret()))).Error);
    }

    private static string Grains_NewSecret() => SessionCluster.Grains.Domain.TokenCrypto.NewSecret();
}
