using OtpNet;
using SessionCluster.Grains.Domain;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Cluster;

/// <summary>TOTP enrolment, step-up and step-up-on-risk on the in-process cluster, with the fake clock driving the codes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MfaTests(ClusterFixture fixture)
{
    private const string Acme = TestTenants.Acme;
    private const string Guarded = TestTenants.Guarded;
    private static readonly ClientInfo Home = new() { Ip = "203.0.113.7", UserAgent = "Firefox/140" };
    private static readonly ClientInfo Cafe = new() { Ip = "198.51.100.23", UserAgent = "Firefox/140" };

    private IGrainFactory Grains => fixture.Grains;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    /// <summary>Moves the clock to the start of the next 30 s step, so the next code is one no earlier call spent.</summary>
    private void NextStep() => fixture.Time.Advance(TimeSpan.FromSeconds(30 - (Now.ToUnixTimeSeconds() % 30)));

    private async Task<SessionResult> CreateAsync(string tenant, string userId, ClientInfo? client = null, string deviceId = "laptop", int aal = 1)
    {
        var result = await Grains.CreateSessionAsync(tenant, new CreateSessionCommand
        {
            UserId = userId,
            Client = client ?? Home,
            Device = new DeviceInfo { Id = deviceId },
            Aal = aal,
        });
        Assert.True(result.Succeeded, result.Error.ToString());
        return result;
    }

    /// <summary>Enrols and confirms; returns the raw secret (what the user's authenticator app holds).</summary>
    private async Task<byte[]> EnrolAsync(string tenant, string userId)
    {
        var mfa = Grains.GetMfaGrain(tenant, userId);
        var enrolment = await mfa.EnrolAsync();
        Assert.Equal(SessionError.None, enrolment.Error);
        var secret = Base32Encoding.ToBytes(enrolment.Secret);
        NextStep();
        Assert.True((await mfa.ConfirmAsync(TotpCodes.Compute(secret, Now))).Succeeded);
        NextStep();
        return secret;
    }

    [Fact]
    public async Task EnrolmentGivesASecretAndUriAndCountsOnlyOnceConfirmed()
    {
        var userId = TestTenants.NewUserId();
        var mfa = Grains.GetMfaGrain(Guarded, userId);

        var first = await mfa.EnrolAsync();
        var second = await mfa.EnrolAsync();
        Assert.NotEqual(first.Secret, second.Secret); // re-enrolling before confirming replaces the secret
        Assert.Equal(32, second.Secret!.Length); // 160 bits, base32
        Assert.StartsWith($"otpauth://totp/Guarded%20Bank:{userId}?", second.OtpauthUri, StringComparison.Ordinal);
        Assert.Contains($"secret={second.Secret}", second.OtpauthUri, StringComparison.Ordinal);
        Assert.False(await mfa.IsEnrolledAsync());
        Assert.Equal(SessionError.MfaNotEnrolled, (await mfa.VerifyAsync("123456")).Error);

        // The replaced secret's codes do not confirm; the current one's do.
        Assert.Equal(SessionError.MfaCodeInvalid, (await mfa.ConfirmAsync(TotpCodes.Compute(Base32Encoding.ToBytes(first.Secret), Now))).Error);
        Assert.True((await mfa.ConfirmAsync(TotpCodes.Compute(Base32Encoding.ToBytes(second.Secret), Now))).Succeeded);
        Assert.True(await mfa.IsEnrolledAsync());
        Assert.Equal(SessionError.MfaAlreadyEnrolled, (await mfa.EnrolAsync()).Error);
        Assert.Equal(SessionError.MfaAlreadyEnrolled, (await mfa.ConfirmAsync("000000")).Error);
        await WaitForEventAsync(Guarded, userId, EventTypes.MfaEnrolled);

        // Removal (say, a lost phone) is news for the user's devices too, and a new enrolment may follow.
        await mfa.RemoveAsync();
        Assert.False(await mfa.IsEnrolledAsync());
        await WaitForEventAsync(Guarded, userId, EventTypes.MfaRemoved);
        Assert.Equal(SessionError.None, (await mfa.EnrolAsync()).Error);
    }

    [Fact]
    public async Task StepUpRaisesTheSessionToAal2WithRotatedTokens()
    {
        var userId = TestTenants.NewUserId();
        var session = await CreateAsync(Acme, userId);
        var secret = await EnrolAsync(Acme, userId);
        var grain = Grains.GetSessionGrain(Acme, session.Session!.SessionId);

        var stepped = await grain.StepUpAsync(TotpCodes.Compute(secret, Now), Home);

        Assert.True(stepped.Succeeded, stepped.Error.ToString());
        Assert.Equal(2, stepped.Session!.Aal);
        Assert.NotEqual(session.Tokens!.AccessToken, stepped.Tokens!.AccessToken);
        Assert.NotEqual(session.Tokens.RefreshToken, stepped.Tokens.RefreshToken);
        // The previous access token stops working the moment the new pair exists.
        Assert.Equal(SessionError.TokenInvalid, (await Grains.ValidateAsync(Acme, session.Tokens.AccessToken)).Error);
        var validated = await Grains.ValidateAsync(Acme, stepped.Tokens.AccessToken, Home);
        Assert.True(validated.Succeeded);
        Assert.Equal(2, validated.Session!.Aal);
        // AAL2 has the tenant's own idle timeout (acme: one hour).
        Assert.Equal(Now.AddHours(1), validated.Session.IdleExpiresAt);
        var events = await WaitForEventAsync(Acme, userId, EventTypes.SessionSteppedUp);
        Assert.Equal("totp", events.Detail["method"]);
        // The refresh token from before the step-up is spent: presenting it is theft, as after any rotation.
        Assert.Equal(SessionError.RefreshTokenReused, (await Grains.RefreshAsync(Acme, session.Tokens.RefreshToken)).Error);
    }

    [Fact]
    public async Task ACodeIsAcceptedOnceAndOneStepOfSkewEitherWay()
    {
        var userId = TestTenants.NewUserId();
        var session = await CreateAsync(Acme, userId);
        var secret = await EnrolAsync(Acme, userId);
        var mfa = Grains.GetMfaGrain(Acme, userId);

        var code = TotpCodes.Compute(secret, Now);
        Assert.True((await mfa.VerifyAsync(code)).Succeeded);
        Assert.Equal(SessionError.MfaCodeInvalid, (await mfa.VerifyAsync(code)).Error); // replay
        var step = await Grains.GetSessionGrain(Acme, session.Session!.SessionId).StepUpAsync(code, Home);
        Assert.Equal(SessionError.MfaCodeInvalid, step.Error); // the same code through another door

        NextStep();
        Assert.True((await mfa.VerifyAsync(TotpCodes.Compute(secret, Now.AddSeconds(30)))).Succeeded); // phone one step ahead
        // (Three steps on: the step just behind must be later than the one the "ahead" code spent.)
        NextStep();
        NextStep();
        NextStep();
        Assert.True((await mfa.VerifyAsync(TotpCodes.Compute(secret, Now.AddSeconds(-30)))).Succeeded); // phone one step behind
        NextStep();
        NextStep();
        Assert.Equal(SessionError.MfaCodeInvalid, (await mfa.VerifyAsync(TotpCodes.Compute(secret, Now.AddSeconds(-60)))).Error); // two behind
        Assert.Equal(SessionError.MfaCodeInvalid, (await mfa.VerifyAsync(TotpCodes.Compute(secret, Now.AddSeconds(60)))).Error); // two ahead
    }

    [Fact]
    public async Task RepeatedWrongCodesLockTheFactorEvenForTheRightCodeUntilTheLockoutEnds()
    {
        var userId = TestTenants.NewUserId();
        var session = await CreateAsync(Guarded, userId);
        var secret = await EnrolAsync(Guarded, userId);
        var grain = Grains.GetSessionGrain(Guarded, session.Session!.SessionId);
        var wrong = TotpCodes.Compute(secret, Now) == "000000" ? "000001" : "000000";

        Assert.Equal(SessionError.MfaCodeInvalid, (await grain.StepUpAsync(wrong, Home)).Error);
        Assert.Equal(SessionError.MfaCodeInvalid, (await grain.StepUpAsync(wrong, Home)).Error);
        var locked = await grain.StepUpAsync(wrong, Home);
        Assert.Equal(SessionError.MfaLocked, locked.Error);
        Assert.Equal(Now.AddMinutes(1), locked.RetryAt);

        var refused = await grain.StepUpAsync(TotpCodes.Compute(secret, Now), Home);
        Assert.Equal(SessionError.MfaLocked, refused.Error);
        var alert = await WaitForEventAsync(Guarded, userId, EventTypes.SecurityAlert, e => e.Detail["reason"] == "mfa_locked");
        Assert.Equal(session.Session.SessionId, alert.SessionId);
        Assert.Equal(1, (await grain.GetAsync()).Session!.Aal);

        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        NextStep();
        var stepped = await grain.StepUpAsync(TotpCodes.Compute(secret, Now), Home);
        Assert.True(stepped.Succeeded, stepped.Error.ToString());
    }

    [Fact]
    public async Task LockoutsInARowGrowAndTooManyWrongCodesDisableTheFactorUntilTheAppResetsIt()
    {
        // Guarded: 3 wrong codes lock for 1 min, then 2 min, then 4 min…; 9 in a row disable the factor.
        var userId = TestTenants.NewUserId();
        var secret = await EnrolAsync(Guarded, userId);
        var mfa = Grains.GetMfaGrain(Guarded, userId);
        var wrong = TotpCodes.Compute(secret, Now.AddHours(1));

        async Task<MfaCheck> LockAsync()
        {
            Assert.Equal(SessionError.MfaCodeInvalid, (await mfa.VerifyAsync(wrong)).Error);
            Assert.Equal(SessionError.MfaCodeInvalid, (await mfa.VerifyAsync(wrong)).Error);
            return await mfa.VerifyAsync(wrong);
        }

        var first = await LockAsync();
        Assert.Equal((SessionError.MfaLocked, Now.AddMinutes(1)), (first.Error, first.LockedUntil));
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await LockAsync();
        Assert.Equal((SessionError.MfaLocked, Now.AddMinutes(2)), (second.Error, second.LockedUntil)); // no steady guessing rate
        fixture.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(SessionError.MfaCodeInvalid, (await mfa.VerifyAsync(wrong)).Error);
        Assert.Equal(SessionError.MfaCodeInvalid, (await mfa.VerifyAsync(wrong)).Error);
        var disabled = await mfa.VerifyAsync(wrong);
        Assert.Equal(SessionError.MfaResetRequired, disabled.Error);
        Assert.True(disabled.JustDisabled);
        NextStep();
        fixture.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(SessionError.MfaResetRequired, (await mfa.VerifyAsync(TotpCodes.Compute(secret, Now))).Error); // even the right code, however late

        // The app's recovery: remove the factor, the user enrols again.
        await mfa.RemoveAsync();
        var again = await EnrolAsync(Guarded, userId);
        Assert.True((await mfa.VerifyAsync(TotpCodes.Compute(again, Now))).Succeeded);
    }

    [Fact]
    public async Task AnAcceptedCodeStartsTheLockoutsOver()
    {
        var userId = TestTenants.NewUserId();
        var secret = await EnrolAsync(Guarded, userId);
        var mfa = Grains.GetMfaGrain(Guarded, userId);
        var wrong = TotpCodes.Compute(secret, Now.AddHours(1));
        for (var i = 0; i < 3; i++)
        {
            await mfa.VerifyAsync(wrong);
        }
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        NextStep();
        Assert.True((await mfa.VerifyAsync(TotpCodes.Compute(secret, Now))).Succeeded);

        for (var i = 0; i < 2; i++)
        {
            await mfa.VerifyAsync(wrong);
        }
        var locked = await mfa.VerifyAsync(wrong);
        Assert.Equal(Now.AddMinutes(1), locked.LockedUntil); // the first lockout again, not the second
    }

    [Fact]
    public async Task StepUpWithoutAConfirmedFactorIsRefusedAndChangesNothing()
    {
        var userId = TestTenants.NewUserId();
        var session = await CreateAsync(Acme, userId);
        await Grains.GetMfaGrain(Acme, userId).EnrolAsync(); // pending, never confirmed

        var result = await Grains.GetSessionGrain(Acme, session.Session!.SessionId).StepUpAsync("123456", Home);

        Assert.Equal(SessionError.MfaNotEnrolled, result.Error);
        Assert.True((await Grains.ValidateAsync(Acme, session.Tokens!.AccessToken)).Succeeded);
        Assert.Equal(1, (await Grains.GetSessionGrain(Acme, session.Session.SessionId).GetAsync()).Session!.Aal);
    }

    [Fact]
    public async Task UnderStepUpOnRiskASessionFromANewNetworkNeedsStepUpUntilItStepsUp()
    {
        var userId = TestTenants.NewUserId();
        var session = await CreateAsync(Guarded, userId);
        var secret = await EnrolAsync(Guarded, userId);
        Assert.False((await Grains.ValidateAsync(Guarded, session.Tokens!.AccessToken, Home)).Session!.StepUpRequired);

        var seen = await Grains.ValidateAsync(Guarded, session.Tokens.AccessToken, Cafe);

        Assert.True(seen.Succeeded); // still valid: the app decides what to allow meanwhile
        Assert.True(seen.Session!.StepUpRequired);
        var alert = await WaitForEventAsync(Guarded, userId, EventTypes.SecurityAlert, e => e.Detail["reason"] == "new_network");
        Assert.Equal("true", alert.Detail["stepUpRequired"]);

        var stepped = await Grains.GetSessionGrain(Guarded, session.Session!.SessionId).StepUpAsync(TotpCodes.Compute(secret, Now), Cafe);
        Assert.True(stepped.Succeeded);
        Assert.False(stepped.Session!.StepUpRequired);
        // The network it stepped up from is now trusted: no new alert, no new requirement, the normal idle timeout.
        var after = await Grains.ValidateAsync(Guarded, stepped.Tokens!.AccessToken, Cafe);
        Assert.False(after.Session!.StepUpRequired);
        Assert.Equal(Now.AddMinutes(30), after.Session.IdleExpiresAt);
    }

    [Fact]
    public async Task WithoutStepUpOnRiskARiskySessionIsOnlyFlaggedByTheAlert()
    {
        var userId = TestTenants.NewUserId();
        var session = await CreateAsync(Acme, userId);
        var seen = await Grains.ValidateAsync(Acme, session.Tokens!.AccessToken, Cafe);
        Assert.False(seen.Session!.StepUpRequired);
        var alert = await WaitForEventAsync(Acme, userId, EventTypes.SecurityAlert);
        Assert.Equal("false", alert.Detail["stepUpRequired"]);
    }

    [Fact]
    public async Task UnderStepUpOnRiskASignInOnANewDeviceNeedsStepUpUnlessTheAppDidMfa()
    {
        var userId = TestTenants.NewUserId();
        var first = await CreateAsync(Guarded, userId, deviceId: "laptop");
        var sameDevice = await CreateAsync(Guarded, userId, deviceId: "laptop");
        var newDevice = await CreateAsync(Guarded, userId, deviceId: "phone");
        var newDeviceWithMfa = await CreateAsync(Guarded, userId, deviceId: "tablet", aal: 2);

        Assert.False(first.Session!.StepUpRequired); // a user's first device is not a signal
        Assert.False(sameDevice.Session!.StepUpRequired);
        Assert.True(newDevice.Session!.StepUpRequired);
        Assert.False(newDeviceWithMfa.Session!.StepUpRequired);
        // Each new device raises the alert (the one whose app did MFA too: the user should still hear of it).
        var alert = await WaitForEventAsync(Guarded, userId, EventTypes.SecurityAlert, e => e.Detail["reason"] == "new_device" && e.SessionId == newDevice.Session.SessionId);
        Assert.Equal("phone", alert.DeviceId);
        await WaitForEventAsync(Guarded, userId, EventTypes.SecurityAlert, e => e.Detail["reason"] == "new_device" && e.SessionId == newDeviceWithMfa.Session.SessionId);
    }

    private async Task<SessionEvent> WaitForEventAsync(string tenant, string userId, string type, Func<SessionEvent, bool>? match = null)
    {
        var user = Grains.GetUserGrain(tenant, userId);
        for (var i = 0; i < 100; i++)
        {
            var found = (await user.GetEventsAsync(EventHistory.Limit)).FirstOrDefault(e => e.Type == type && (match?.Invoke(e) ?? true));
            if (found is not null)
            {
                return found;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"no {type} event for {userId}");
    }
}
