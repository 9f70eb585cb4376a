using SessionCluster.Grains.Domain;

namespace SessionCluster.Tests.Unit;

public sealed class ExpiryPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static readonly SessionPolicy Policy = new()
    {
        IdleTimeout = TimeSpan.FromMinutes(30),
        AbsoluteLifetime = TimeSpan.FromHours(12),
        RememberMeLifetime = TimeSpan.FromDays(30),
        AccessTokenLifetime = TimeSpan.FromMinutes(15),
        WarningLead = TimeSpan.FromMinutes(2),
        Aal2IdleTimeout = TimeSpan.FromHours(1),
    };

    private static SessionClock Fresh(bool rememberMe = false, int aal = 1) => new(T0, T0, T0, rememberMe, aal);

    [Fact]
    public void SessionExpiresExactlyAtTheIdleTimeout()
    {
        Assert.False(ExpiryPolicy.Evaluate(Policy, Fresh(), T0.AddMinutes(30).AddTicks(-1)).Expired);
        Assert.True(ExpiryPolicy.Evaluate(Policy, Fresh(), T0.AddMinutes(30)).Expired);
    }

    [Fact]
    public void ActivityMovesTheIdleWindow()
    {
        var clock = Fresh() with { LastSeenAt = T0.AddMinutes(25) };

        var state = ExpiryPolicy.Evaluate(Policy, clock, T0.AddMinutes(50));

        Assert.False(state.Expired);
        Assert.Equal(T0.AddMinutes(55), state.IdleExpiresAt);
    }

    [Fact]
    public void AbsoluteLifetimeCapsASessionDespiteActivity()
    {
        var clock = Fresh() with { LastSeenAt = T0.AddHours(11).AddMinutes(59) };

        var state = ExpiryPolicy.Evaluate(Policy, clock, T0.AddHours(12));

        Assert.True(state.Expired);
        Assert.Equal(T0.AddHours(12), state.AbsoluteExpiresAt);
        Assert.Equal(T0.AddHours(12), state.IdleExpiresAt); // never past the absolute cap
    }

    [Fact]
    public void RememberMeUsesTheLongerAbsoluteLifetime()
    {
        var clock = Fresh(rememberMe: true) with { LastSeenAt = T0.AddDays(10) };

        var state = ExpiryPolicy.Evaluate(Policy, clock, T0.AddDays(10).AddMinutes(1));

        Assert.False(state.Expired);
        Assert.Equal(T0.AddDays(30), state.AbsoluteExpiresAt);
    }

    [Fact]
    public void AccessTokenExpiresOnItsOwnLifetime()
    {
        var clock = Fresh() with { LastSeenAt = T0.AddMinutes(14) };

        Assert.False(ExpiryPolicy.Evaluate(Policy, clock, T0.AddMinutes(14)).AccessTokenExpired);
        var later = ExpiryPolicy.Evaluate(Policy, clock, T0.AddMinutes(15));
        Assert.True(later.AccessTokenExpired);
        Assert.False(later.Expired);
    }

    [Fact]
    public void ExpiresSoonInsideTheWarningLead()
    {
        Assert.False(ExpiryPolicy.Evaluate(Policy, Fresh(), T0.AddMinutes(27).AddSeconds(59)).ExpiresSoon);
        Assert.True(ExpiryPolicy.Evaluate(Policy, Fresh(), T0.AddMinutes(28)).ExpiresSoon);
        Assert.False(ExpiryPolicy.Evaluate(Policy, Fresh(), T0.AddMinutes(30)).ExpiresSoon); // expired, no longer "soon"
    }

    [Fact]
    public void ExpiresSoonNearTheAbsoluteCapToo()
    {
        var clock = Fresh() with { LastSeenAt = T0.AddHours(11).AddMinutes(59) };

        Assert.True(ExpiryPolicy.Evaluate(Policy, clock, T0.AddHours(11).AddMinutes(59)).ExpiresSoon);
    }

    [Fact]
    public void Aal2SessionsUseTheirOwnIdleTimeout()
    {
        Assert.Equal(TimeSpan.FromHours(1), ExpiryPolicy.EffectiveIdleTimeout(Policy, aal: 2));
        Assert.Equal(TimeSpan.FromMinutes(30), ExpiryPolicy.EffectiveIdleTimeout(Policy, aal: 1));
        Assert.Equal(TimeSpan.FromMinutes(30), ExpiryPolicy.EffectiveIdleTimeout(new SessionPolicy(), aal: 2));
        Assert.False(ExpiryPolicy.Evaluate(Policy, Fresh(aal: 2), T0.AddMinutes(45)).Expired);
    }

    [Fact]
    public void ActivityIsWrittenBehindAtATenthOfTheIdleTimeout()
    {
        Assert.Equal(TimeSpan.FromMinutes(3), ExpiryPolicy.ActivityWriteInterval(TimeSpan.FromMinutes(30)));
    }
}
