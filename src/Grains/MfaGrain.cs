using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using SessionCluster.Grains.Domain;
using SessionCluster.Grains.Events;

namespace SessionCluster.Grains;

[GrainType(GrainTypes.Mfa)]
internal sealed partial class MfaGrain(
    [PersistentState(StateNames.Mfa, StorageNames.Users)] IPersistentState<MfaState> state,
    ITenantPolicies policies,
    AtRestCipher cipher,
    DeepCopier<MfaState> copier,
    [FromKeyedServices(Clock.ServiceKey)] TimeProvider time,
    IOptionsMonitor<EventsOptions> events,
    ILogger<MfaGrain> logger) : Grain, IMfaGrainInternal
{
    private string _tenantId = "";
    private string _userId = "";
    private FeedOutbox _outbox = null!;

    private MfaState S => state.State;

    /// <summary>Authenticated with the sealed secret, so a secret copied to another user's state does not open there.</summary>
    private string SecretContext => $"totp/{_tenantId}/{_userId}";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _userId) = GrainKeys.Split(this.GetPrimaryKeyString());
        // Confirmed events leave the outbox in memory; storage forgets them with the next attempt's write.
        _outbox = new FeedOutbox(this, GrainFactory, events, _tenantId, () => _userId, () => S.Outbox, () => { },
            (ex, failures) => LogFeedRetry(ex, failures));
        _outbox.Send();
        return Task.CompletedTask;
    }

    public async Task<TotpEnrolment> EnrolAsync()
    {
        if (S.Confirmed)
        {
            return new TotpEnrolment { Error = SessionError.MfaAlreadyEnrolled };
        }
        var secret = TotpCodes.NewSecret();
        var change = Begin();
        S.SealedTotpSecret = cipher.Seal(secret, SecretContext);
        S.EnrolledAt = time.GetUtcNow();
        S.LastUsedStep = 0;
        await change.WriteAsync();
        var issuer = policies.Get(_tenantId).TotpIssuer ?? _tenantId;
        return new TotpEnrolment { Secret = TotpCodes.ToBase32(secret), OtpauthUri = TotpCodes.OtpauthUri(secret, issuer, _userId) };
    }

    public async Task<MfaCheck> ConfirmAsync(string code)
    {
        if (S.Confirmed)
        {
            return new MfaCheck { Error = SessionError.MfaAlreadyEnrolled };
        }
        if (S.SealedTotpSecret is null)
        {
            return new MfaCheck { Error = SessionError.MfaNotEnrolled };
        }
        var check = await CheckAsync(code);
        if (check.Succeeded)
        {
            var change = Begin();
            S.Confirmed = true;
            var enrolled = Event(EventTypes.MfaEnrolled);
            _outbox.Stage(enrolled); // stored with the enrolment
            await change.WriteAsync();
            Announce(enrolled);
        }
        return check;
    }

    public async Task<MfaCheck> VerifyAsync(string code) =>
        S.Confirmed ? await CheckAsync(code) : new MfaCheck { Error = SessionError.MfaNotEnrolled };

    public Task<bool> IsEnrolledAsync() => Task.FromResult(S.Confirmed);

    public async Task RemoveAsync()
    {
        var wasEnrolled = S.Confirmed;
        await EraseAsync();
        if (wasEnrolled)
        {
            // The factor's state is gone from storage: this event is sent from memory only.
            var removed = Event(EventTypes.MfaRemoved);
            _outbox.Stage(removed);
            Announce(removed);
        }
    }

    public async Task EraseAsync()
    {
        if (S.SealedTotpSecret is not null || S.FailedAttempts > 0 || S.LockedUntil is not null)
        {
            await state.ClearStateAsync();
        }
        DeactivateOnIdle();
    }

    /// <summary>Into the user's history and live to their devices: a changed second factor is news the user must see.</summary>
    private void Announce(SessionEvent sessionEvent)
    {
        _ = GrainFactory.UserInternal(_tenantId, _userId).RecordEventAsync(sessionEvent);
        _outbox.Send();
    }

    private SessionEvent Event(string type) => SessionEvents.New(type, time.GetUtcNow(), sessionId: null, deviceId: null, new() { ["method"] = "totp" });

    /// <summary>
    /// Every attempt is stored before it is answered, so neither a crash nor a failover resets the count or lets a
    /// spent code in again. While locked, even the right code is refused: otherwise the lock would not slow guessing.
    /// </summary>
    private async Task<MfaCheck> CheckAsync(string code)
    {
        var now = time.GetUtcNow();
        var policy = policies.Get(_tenantId);
        if (S.ConsecutiveFailures >= policy.MfaMaxConsecutiveFailures)
        {
            return new MfaCheck { Error = SessionError.MfaResetRequired };
        }
        if (S.LockedUntil is { } lockedUntil && now < lockedUntil)
        {
            return new MfaCheck { Error = SessionError.MfaLocked, LockedUntil = lockedUntil };
        }
        var secret = cipher.Open(S.SealedTotpSecret!, SecretContext);
        var change = Begin();
        if (cipher.NeedsResealing(S.SealedTotpSecret!))
        {
            S.SealedTotpSecret = cipher.Seal(secret, SecretContext);
        }
        if (TotpCodes.Verify(secret, code, now, S.LastUsedStep) is { } step)
        {
            S.LastUsedStep = step;
            S.FailedAttempts = 0;
            S.ConsecutiveFailures = 0;
            S.Lockouts = 0;
            S.LockedUntil = null;
            await change.WriteAsync();
            return new MfaCheck();
        }
        S.FailedAttempts++;
        S.ConsecutiveFailures++;
        if (S.ConsecutiveFailures >= policy.MfaMaxConsecutiveFailures)
        {
            await change.WriteAsync();
            LogDisabled(S.ConsecutiveFailures);
            return new MfaCheck { Error = SessionError.MfaResetRequired, JustDisabled = true };
        }
        if (S.FailedAttempts >= policy.MfaMaxAttempts)
        {
            // Each lockout in a row lasts twice as long, so guessing cannot go on at a steady rate forever.
            S.FailedAttempts = 0;
            S.Lockouts++;
            S.LockedUntil = now + TotpLockout.Duration(policy.MfaLockout, S.Lockouts);
            await change.WriteAsync();
            LogLocked(policy.MfaMaxAttempts, S.LockedUntil.Value);
            return new MfaCheck { Error = SessionError.MfaLocked, LockedUntil = S.LockedUntil, JustLocked = true };
        }
        await change.WriteAsync();
        return new MfaCheck { Error = SessionError.MfaCodeInvalid };
    }

    /// <summary>Starts an acknowledged change (see <see cref="StateChange{T}"/>): an attempt storage did not count is not answered.</summary>
    private StateChange<MfaState> Begin() => StateChange<MfaState>.Begin(state, copier);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TOTP disabled after {Failures} wrong codes in a row; the app must reset it")]
    private partial void LogDisabled(int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TOTP locked after {Attempts} wrong codes, until {LockedUntil}")]
    private partial void LogLocked(int attempts, DateTimeOffset lockedUntil);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand a user's MFA events to the tenant feed ({Failures} tries); kept in its outbox, trying again")]
    private partial void LogFeedRetry(Exception exception, int failures);
}
