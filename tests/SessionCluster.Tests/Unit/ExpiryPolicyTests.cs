using SessionCluster.Grains;
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

public sealed class AdaptivePolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static readonly SessionPolicy Policy = new()
    {
        IdleTimeout = TimeSpan.FromMinutes(30),
        Aal2IdleTimeout = TimeSpan.FromHours(2),
        RiskIdleTimeout = TimeSpan.FromMinutes(5),
        AbsoluteLifetime = TimeSpan.FromHours(12),
        RememberMeLifetime = TimeSpan.FromDays(30),
    };

    [Fact]
    public void StepUpToAal2MayLengthenTheIdleTimeout() =>
        Assert.Equal(TimeSpan.FromHours(2), ExpiryPolicy.EffectiveIdleTimeout(Policy, aal: 2));

    [Fact]
    public void RiskySessionsGetTheShorterRiskIdleTimeout()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), ExpiryPolicy.EffectiveIdleTimeout(Policy, aal: 1, risky: true));
        Assert.Equal(TimeSpan.FromMinutes(5), ExpiryPolicy.EffectiveIdleTimeout(Policy, aal: 2, risky: true));
        // Risk never lengthens: a tenant whose normal idle is already shorter keeps it.
        var strict = new SessionPolicy { IdleTimeout = TimeSpan.FromMinutes(2), RiskIdleTimeout = TimeSpan.FromMinutes(5) };
        Assert.Equal(TimeSpan.FromMinutes(2), ExpiryPolicy.EffectiveIdleTimeout(strict, aal: 1, risky: true));
    }

    [Fact]
    public void MaxIdleTimeoutPinsEveryIdleTimeoutPciStyle()
    {
        var pci = new SessionPolicy { IdleTimeout = TimeSpan.FromMinutes(30), Aal2IdleTimeout = TimeSpan.FromHours(2), MaxIdleTimeout = TimeSpan.FromMinutes(15) };

        Assert.Equal(TimeSpan.FromMinutes(15), ExpiryPolicy.EffectiveIdleTimeout(pci, aal: 1));
        Assert.Equal(TimeSpan.FromMinutes(15), ExpiryPolicy.EffectiveIdleTimeout(pci, aal: 2));
        Assert.True(ExpiryPolicy.Evaluate(pci, new SessionClock(T0, T0, T0, false, 2), T0.AddMinutes(15)).Expired);
    }

    [Fact]
    public void MaxSessionAgeForcesReauthenticationEvenForRememberMe()
    {
        var policy = new SessionPolicy { RememberMeLifetime = TimeSpan.FromDays(30), MaxSessionAge = TimeSpan.FromDays(7) };

        var state = ExpiryPolicy.Evaluate(policy, new SessionClock(T0, T0.AddDays(7).AddMinutes(-1), T0, RememberMe: true, Aal: 1), T0.AddDays(7));

        Assert.Equal(T0.AddDays(7), state.AbsoluteExpiresAt);
        Assert.True(state.Expired);
    }

    [Fact]
    public void RiskyClockUsesTheRiskTimeout()
    {
        var clock = new SessionClock(T0, T0, T0, false, 1, Risky: true);

        Assert.False(ExpiryPolicy.Evaluate(Policy, clock, T0.AddMinutes(4)).Expired);
        Assert.True(ExpiryPolicy.Evaluate(Policy, clock, T0.AddMinutes(5)).Expired);
        Assert.Equal(T0.AddMinutes(5), ExpiryPolicy.Evaluate(Policy, clock, T0).IdleExpiresAt);
    }

    [Fact]
    public void NotBeforeEndsOlderSessionsAtThatInstantWithItsOwnReason()
    {
        var policy = new SessionPolicy { NotBefore = T0.AddHours(1) };
        var older = ExpiryPolicy.Evaluate(policy, new SessionClock(T0, T0.AddMinutes(59), T0, false, 1), T0.AddHours(1));
        Assert.True(older.Expired);
        Assert.Equal(T0.AddHours(1), older.AbsoluteExpiresAt);
        Assert.Equal("not_before", older.Reason);
        // A session created after the cutoff is untouched; one that idled out before it keeps its own reason.
        Assert.False(ExpiryPolicy.Evaluate(policy, new SessionClock(T0.AddHours(2), T0.AddHours(2), T0.AddHours(2), false, 1), T0.AddHours(2)).Expired);
        Assert.Equal("idle_timeout", ExpiryPolicy.Evaluate(policy, new SessionClock(T0, T0, T0, false, 1), T0.AddHours(1)).Reason);
        Assert.Equal("absolute_timeout", ExpiryPolicy.Evaluate(new SessionPolicy(), new SessionClock(T0, T0.AddHours(12), T0, false, 1), T0.AddHours(12)).Reason);
    }
}

public sealed class RiskSignalsTests
{
    private static ClientInfo Client(string? ip, string? ua = "Firefox/140") => new() { Ip = ip, UserAgent = ua };

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.200", false)]
    [InlineData("203.0.113.7", "203.0.114.7", true)]
    [InlineData("2001:db8:1:1::1", "2001:db8:1:ffff::9", false)]
    [InlineData("2001:db8:1::1", "2001:db8:2::1", true)]
    [InlineData("::ffff:203.0.113.7", "203.0.113.9", false)]
    [InlineData("203.0.113.7", "2001:db8::1", true)]
    [InlineData("not-an-ip", "not-an-ip", false)]
    [InlineData("not-an-ip", "other", true)]
    public void NetworkChangeIsJudgedByPrefix(string created, string seen, bool signal) =>
        Assert.Equal(signal, RiskSignals.Assess(Client(created), Client(seen)).NewNetwork);

    [Fact]
    public void UserAgentChangeIsASignal()
    {
        var finding = RiskSignals.Assess(Client("203.0.113.7"), Client("203.0.113.7", "curl/8"));

        Assert.True(finding.NewUserAgent);
        Assert.Equal("new_user_agent", finding.Reason);
    }

    [Fact]
    public void WhatTheAppDidNotReportGivesNoSignal()
    {
        Assert.False(RiskSignals.Assess(Client(null, null), Client("198.51.100.1", "curl/8")).Any);
        Assert.False(RiskSignals.Assess(Client("203.0.113.7"), Client(null, null)).Any);
    }
}
