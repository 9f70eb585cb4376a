using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using SessionCluster.Grains.Domain;
using SessionCluster.Grains.Events;

namespace SessionCluster.Grains;

/// <summary>
/// One session: its tokens (as hashes), lifetime, assurance level, data and status. Validation is answered from
/// memory; activity is written behind (<see cref="WriteBehind"/>); every other change is durable before it is
/// answered and not kept when storage refuses it (<see cref="StateChange{T}"/>). The rules themselves live in
/// <see cref="ExpiryPolicy"/>, <see cref="RefreshRotation"/>, <see cref="RiskSignals"/> and <see cref="SealedSessionData"/>.
/// </summary>
[GrainType(GrainTypes.Session)]
internal sealed partial class SessionGrain(
    [PersistentState(StateNames.Session, StorageNames.Sessions)] IPersistentState<SessionState> state,
    ITenantPolicies policies,
    AtRestCipher cipher,
    DeepCopier<SessionState> copier,
    [FromKeyedServices(Clock.ServiceKey)] TimeProvider time,
    SessionMetrics metrics,
    IOptionsMonitor<EventsOptions> events,
    ILogger<SessionGrain> logger) : Grain, ISessionGrainInternal
{
    /// <summary>How many alerted networks a session remembers (one more network than that alerts again: fine).</summary>
    private const int AlertedNetworksKept = 8;

    private string _tenantId = "";
    private string _sessionId = "";
    private DateTimeOffset _persistedLastSeen;
    private bool _dirty;
    /// <summary>Events left the outbox since the last write (storage still lists them; written with the next write).</summary>
    private bool _outboxSent;
    private WriteBehind _activity = null!;
    private FeedOutbox _outbox = null!;
    private SealedSessionData _data = null!;

    private SessionState S => state.State;

    /// <summary>The session as logs name it: a short hash, so logs can be correlated but not used to address a session.</summary>
    private string LogId => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(_sessionId)))[..12];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _sessionId) = GrainKeys.Split(this.GetPrimaryKeyString());
        _persistedLastSeen = S.LastSeenAt;
        _data = new SealedSessionData(cipher, _tenantId, _sessionId);
        _activity = new WriteBehind(this, FlushAsync, (ex, failures) => LogFlushRetry(ex, LogId, failures));
        _outbox = new FeedOutbox(this, GrainFactory, events, _tenantId, () => S.UserId, () => S.Outbox, () => _outboxSent = true,
            (ex, failures) => LogFeedRetry(ex, LogId, failures));
        // Events whose cause was stored but which the feed never confirmed (the silo died): sent now.
        _outbox.Send();
        try
        {
            // Data written before encryption at rest, or sealed with a retired key, is re-sealed on the next write;
            // so is a rotation nonce stored in clear before nonces were sealed.
            _dirty = _data.ResealIfNeeded(S);
            if (S.RotationNonce is { } clearNonce)
            {
                S.SealedRotationNonce = cipher.Seal(clearNonce, NonceContext);
                S.RotationNonce = null;
                _dirty = true;
            }
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            // Its key is gone: the session still validates; reading its data fails loudly (docs/security.md).
            LogUnreadableData(ex, LogId);
        }
        metrics.Activated();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.Deactivated();
        // Graceful deactivation (idle collection, silo shutdown) keeps what was written behind.
        if (UnwrittenActivity)
        {
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFlushFailed(ex, LogId);
            }
        }
    }

    public async Task<SessionResult> CreateAsync(SessionOpening opening)
    {
        var command = opening.Command;
        if (S.Exists)
        {
            // A retried create (same key, tokens not yet rotated) gets the very same answer; anything else is a clash.
            if (command.IdempotencyKey is { } key && S.UserId == command.UserId && TokenCrypto.Matches(key, S.CreationKeyHash)
                && S.Generation == 0 && S.Status == SessionStatus.Active)
            {
                var (access, refresh) = TokenCrypto.DeriveInitialPair(key);
                return SessionResult.Ok(View(time.GetUtcNow()), Tokens(access, refresh));
            }
            return SessionResult.Fail(SessionError.SessionExists);
        }
        var now = time.GetUtcNow();
        var client = command.Client ?? new ClientInfo();
        var change = Begin();
        S.UserId = command.UserId;
        S.Device = opening.Device;
        S.CreatedFrom = client;
        S.LastClient = client;
        S.TrustedFrom = client;
        S.CreatedAt = now;
        S.LastSeenAt = now;
        S.RememberMe = command.RememberMe;
        S.Aal = command.Aal;
        S.Status = SessionStatus.Active;
        S.NotAfter = opening.NotAfter;
        S.Risky = opening.Risky;
        if (command.DataJson is { } initialData)
        {
            _data.Write(S, initialData);
        }
        S.DataVersion = 1;
        // A first sign-in on a new device is a risk signal; the app's own second factor (AAL2) already answers it.
        S.StepUpRequired = opening.FromNewDevice && command.Aal < 2 && Policy.StepUpOnRisk;
        var (accessSecret, refreshSecret) = command.IdempotencyKey is { } idempotencyKey
            ? TokenCrypto.DeriveInitialPair(idempotencyKey)
            : (TokenCrypto.NewSecret(), TokenCrypto.NewSecret());
        S.CreationKeyHash = command.IdempotencyKey is null ? null : TokenCrypto.Hash(command.IdempotencyKey);
        var tokens = Issue(accessSecret, refreshSecret, now);
        var created = Stage(EventTypes.SessionCreated, now, new() { ["rememberMe"] = SessionEvents.Flag(command.RememberMe) });
        await CommitAsync(change);
        metrics.Created();
        Announce(created);
        return SessionResult.Ok(View(now), tokens);
    }

    public Task<SessionResult> ValidateAsync(string accessSecret, ClientInfo? client)
    {
        ForgetIfEmpty();
        var result = Validate(accessSecret, client);
        metrics.Validated(result.Error);
        return Task.FromResult(result);
    }

    public Task<SessionResult> PeekAsync(string accessSecret)
    {
        ForgetIfEmpty();
        if (!S.Exists || !TokenCrypto.Matches(accessSecret, S.AccessHash))
        {
            return Task.FromResult(SessionResult.Fail(SessionError.TokenInvalid));
        }
        var now = time.GetUtcNow();
        var expiry = Evaluate(now);
        return Task.FromResult(Dead(expiry, now) ?? (expiry.AccessTokenExpired
            ? SessionResult.Fail(SessionError.AccessTokenExpired, View(now))
            : SessionResult.Ok(View(now))));
    }

    private SessionResult Validate(string accessSecret, ClientInfo? client)
    {
        if (!S.Exists || !TokenCrypto.Matches(accessSecret, S.AccessHash))
        {
            return SessionResult.Fail(SessionError.TokenInvalid);
        }
        var now = time.GetUtcNow();
        var expiry = Evaluate(now);
        if (Dead(expiry, now) is { } dead)
        {
            return dead;
        }
        if (expiry.AccessTokenExpired)
        {
            return SessionResult.Fail(SessionError.AccessTokenExpired, View(now));
        }
        Touch(now, client, expiry.IdleTimeout);
        return SessionResult.Ok(View(now));
    }

    public async Task<SessionResult> RefreshAsync(string refreshSecret, ClientInfo? client)
    {
        if (!S.Exists)
        {
            ForgetIfEmpty();
            return SessionResult.Fail(SessionError.TokenInvalid);
        }
        var now = time.GetUtcNow();
        var kind = RefreshRotation.Classify(S, refreshSecret, now, Policy.RefreshReuseGrace);
        if (kind == RefreshKind.Unknown)
        {
            return SessionResult.Fail(SessionError.TokenInvalid);
        }
        var expiry = Evaluate(now);
        if (Dead(expiry, now) is { } dead)
        {
            return dead;
        }
        switch (kind)
        {
            case RefreshKind.Current:
                var change = Begin();
                var (access, refresh, nonce) = RefreshRotation.Rotate(S, refreshSecret, now);
                S.SealedRotationNonce = cipher.Seal(nonce, NonceContext);
                var tokens = Issue(access, refresh, now);
                Touch(now, client, expiry.IdleTimeout, writeBehind: false);
                var refreshed = Stage(EventTypes.SessionRefreshed, now, new() { ["generation"] = SessionEvents.Number(S.Generation) });
                await CommitAsync(change);
                metrics.Refreshed();
                Announce(refreshed);
                return SessionResult.Ok(View(now), tokens);
            case RefreshKind.GraceRepeat:
                // Another tab or device raced the rotation: give it the very same new pair.
                var (repeatAccess, repeatRefresh) = RefreshRotation.RepeatPair(refreshSecret, RotationNonce());
                Touch(now, client, expiry.IdleTimeout);
                return SessionResult.Ok(View(now), Tokens(repeatAccess, repeatRefresh));
            default:
                // A used refresh token after the grace: someone holds a copy. End the session for everyone.
                await EndAsync(SessionStatus.Revoked, "refresh_token_reused", now);
                LogRefreshReuse(LogId, S.Generation);
                Publish(EventTypes.SecurityAlert, now, SessionEvents.Alert("refresh_token_reused", client));
                return SessionResult.Fail(SessionError.RefreshTokenReused, View(now));
        }
    }

    public async Task<SessionResult> ExtendAsync()
    {
        var now = time.GetUtcNow();
        if (Unusable(now, out var expiry) is { } refused)
        {
            return refused;
        }
        var change = Begin();
        Touch(now, client: null, expiry.IdleTimeout, writeBehind: false);
        var extended = Stage(EventTypes.SessionExtended, now, new() { ["idleExpiresAt"] = Timestamps.ToText(View(now).IdleExpiresAt) });
        await CommitAsync(change);
        Announce(extended);
        return SessionResult.Ok(View(now));
    }

    public Task<SessionResult> GetAsync()
    {
        ForgetIfEmpty();
        return Task.FromResult(S.Exists ? SessionResult.Ok(View(time.GetUtcNow())) : SessionResult.Fail(SessionError.SessionNotFound));
    }

    public async Task<bool> RevokeAsync(string reason)
    {
        if (!S.Exists || S.Status != SessionStatus.Active)
        {
            return false;
        }
        var now = time.GetUtcNow();
        if (Dead(Evaluate(now), now) is not null)
        {
            return false;
        }
        await EndAsync(SessionStatus.Revoked, reason, now);
        return true;
    }

    public async Task<SweepResult> SweepAsync()
    {
        if (!S.Exists)
        {
            return new SweepResult { Gone = true };
        }
        var now = time.GetUtcNow();
        var expiry = Evaluate(now);
        if (S.Status == SessionStatus.Active && expiry.Expired)
        {
            MarkExpired(expiry, now);
        }
        if (S.Status != SessionStatus.Active && S.EndedAt is { } endedAt && now - endedAt >= Policy.DeadSessionRetention)
        {
            // Retention over: the state leaves storage (the provider deletes the key) and the activation goes.
            var status = S.Status;
            await ClearAsync();
            return new SweepResult { Gone = true, Status = status, EndedAt = endedAt };
        }
        if (_dirty)
        {
            await WriteAsync();
        }
        return new SweepResult { Status = S.Status, EndedAt = S.EndedAt };
    }

    public Task<DataResult> GetDataAsync() =>
        Task.FromResult(Unusable(time.GetUtcNow(), out _) is { } refused ? new DataResult { Error = refused.Error } : CurrentData());

    public async Task<DataResult> PutDataAsync(string dataJson, long? expectedVersion)
    {
        var now = time.GetUtcNow();
        if (Unusable(now, out _) is { } refused)
        {
            return new DataResult { Error = refused.Error };
        }
        if (expectedVersion is { } expected && expected != S.DataVersion)
        {
            return CurrentData() with { Error = SessionError.VersionConflict };
        }
        var change = Begin();
        _data.Write(S, dataJson);
        S.DataVersion++;
        var changed = Stage(EventTypes.SessionDataChanged, now, new() { ["version"] = SessionEvents.Number(S.DataVersion) });
        await CommitAsync(change);
        Announce(changed);
        return CurrentData();
    }

    public Task<LinkApprover> GetApproverAsync()
    {
        if (!S.Exists)
        {
            return Task.FromResult(new LinkApprover());
        }
        var now = time.GetUtcNow();
        var expiry = Evaluate(now);
        return Task.FromResult(new LinkApprover
        {
            UserId = S.UserId,
            Active = S.Status == SessionStatus.Active && !expiry.Expired,
            StepUpRequired = S.StepUpRequired,
            Risky = S.Risky,
            AbsoluteExpiresAt = expiry.AbsoluteExpiresAt,
        });
    }

    public async Task EraseAsync()
    {
        if (S.Exists)
        {
            await ClearAsync();
        }
        DeactivateOnIdle();
    }

    public async Task<SessionResult> StepUpAsync(string code, ClientInfo? client)
    {
        var now = time.GetUtcNow();
        if (Unusable(now, out var expiry) is { } refused)
        {
            return refused;
        }
        var check = await GrainFactory.GetMfaGrain(_tenantId, S.UserId!).VerifyAsync(code);
        now = time.GetUtcNow();
        if (!check.Succeeded)
        {
            if (check.JustLocked)
            {
                Publish(EventTypes.SecurityAlert, now, SessionEvents.Alert("mfa_locked", client, ("lockedUntil", Timestamps.ToText(check.LockedUntil!.Value))));
            }
            else if (check.JustDisabled)
            {
                Publish(EventTypes.SecurityAlert, now, SessionEvents.Alert("mfa_disabled", client));
            }
            return SessionResult.Fail(check.Error) with { RetryAt = check.LockedUntil };
        }
        // New tokens at the new assurance level; every earlier refresh token of this session is now spent.
        var change = Begin();
        RefreshRotation.SpendAll(S);
        S.Aal = 2;
        S.Risky = false;
        S.StepUpRequired = false;
        S.TrustedFrom = client is { Ip: not null } or { UserAgent: not null } ? client : S.LastClient;
        var tokens = Issue(TokenCrypto.NewSecret(), TokenCrypto.NewSecret(), now);
        Touch(now, client, expiry.IdleTimeout, writeBehind: false);
        var steppedUp = Stage(EventTypes.SessionSteppedUp, now, new() { ["method"] = "totp", ["aal"] = "2" });
        await CommitAsync(change);
        Announce(steppedUp);
        return SessionResult.Ok(View(now), tokens);
    }

    private SessionPolicy Policy => policies.Get(_tenantId);

    /// <summary>Seals the rotation nonce to this session, so a nonce copied into another session's state opens nowhere.</summary>
    private string NonceContext => $"session/{_tenantId}/{_sessionId}/nonce";

    /// <summary>The last rotation's nonce: sealed, or in clear in states written before it was sealed.</summary>
    private byte[] RotationNonce() => S.SealedRotationNonce is { } sealedNonce
        ? cipher.Open(sealedNonce, NonceContext)
        : S.RotationNonce ?? throw new InvalidOperationException("No rotation to repeat.");

    private DataResult CurrentData() => new() { DataJson = _data.Read(S), Version = S.DataVersion };

    private async Task EndAsync(SessionStatus status, string reason, DateTimeOffset now)
    {
        var change = Begin();
        S.Status = status;
        S.EndReason = reason;
        S.EndedAt = now;
        var revoked = Stage(EventTypes.SessionRevoked, now, new() { ["reason"] = reason });
        await CommitAsync(change);
        metrics.Revoked(reason);
        Announce(revoked);
        // One-way, so a user grain that is itself revoking sessions is never waited on (no call cycle).
        _ = User.SessionEndedAsync(_sessionId);
    }

    /// <summary>
    /// A token or id naming no session activated this grain (a typo, junk, a guess): it goes at once instead of
    /// holding memory until idle collection, so junk cannot fill a silo.
    /// </summary>
    private void ForgetIfEmpty()
    {
        if (!S.Exists)
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>The answer for a session that does not exist or is no longer usable; null when it may be used.</summary>
    private SessionResult? Unusable(DateTimeOffset now, out ExpiryState expiry)
    {
        expiry = default;
        if (!S.Exists)
        {
            ForgetIfEmpty();
            return SessionResult.Fail(SessionError.SessionNotFound);
        }
        expiry = Evaluate(now);
        return Dead(expiry, now);
    }

    /// <summary>
    /// The answer for a session that is no longer usable, or null. An expiry noticed here for the first time is
    /// recorded (written behind) and announced, so it cannot be undone by a later policy change.
    /// </summary>
    private SessionResult? Dead(ExpiryState expiry, DateTimeOffset now)
    {
        if (S.Status == SessionStatus.Active && expiry.Expired)
        {
            MarkExpired(expiry, now);
            _activity.Schedule(TimeSpan.Zero);
        }
        return S.Status switch
        {
            SessionStatus.Revoked => SessionResult.Fail(SessionError.SessionRevoked, View(now)),
            SessionStatus.Expired => SessionResult.Fail(SessionError.SessionExpired, View(now)),
            _ => null,
        };
    }

    private void MarkExpired(ExpiryState expiry, DateTimeOffset now)
    {
        S.Status = SessionStatus.Expired;
        S.EndReason = expiry.Reason;
        S.EndedAt = expiry.IdleExpiresAt;
        _dirty = true;
        metrics.Expired();
        Publish(EventTypes.SessionExpired, now, new() { ["reason"] = S.EndReason, ["expiredAt"] = Timestamps.ToText(expiry.IdleExpiresAt) });
        _ = User.SessionEndedAsync(_sessionId);
    }

    private SessionTokens Issue(string accessSecret, string refreshSecret, DateTimeOffset now)
    {
        S.AccessHash = TokenCrypto.Hash(accessSecret);
        S.RefreshHash = TokenCrypto.Hash(refreshSecret);
        S.AccessIssuedAt = now;
        return Tokens(accessSecret, refreshSecret);
    }

    private SessionTokens Tokens(string accessSecret, string refreshSecret) => new()
    {
        AccessToken = SessionToken.Format(_tenantId, _sessionId, accessSecret),
        RefreshToken = SessionToken.Format(_tenantId, _sessionId, refreshSecret),
        CsrfToken = TokenCrypto.CsrfFor(accessSecret),
    };

    /// <summary>
    /// Records activity in memory. "Last seen" goes to storage behind the response, at most once per
    /// <see cref="ExpiryPolicy.ActivityWriteInterval"/>; a validate never waits on storage. A first sight of the
    /// session from a new network or user agent makes it risky (shorter idle timeout from now on) and raises an alert.
    /// </summary>
    private void Touch(DateTimeOffset now, ClientInfo? client, TimeSpan idleTimeout, bool writeBehind = true)
    {
        S.LastSeenAt = now;
        if (client is not null && (client.Ip is not null || client.UserAgent is not null) && client != S.LastClient)
        {
            S.LastClient = client;
            var trusted = S.TrustedFrom ?? S.CreatedFrom;
            var finding = RiskSignals.Assess(trusted, client);
            // Once per session for a new user agent, but once per new network: a thief on a third network after the
            // user's own café is news again.
            var network = finding.NewNetwork ? RiskSignals.NetworkOf(client.Ip!) : null;
            if (finding.Any && (!S.Risky || (network is not null && !S.AlertedNetworks.Contains(network))))
            {
                S.Risky = true;
                S.StepUpRequired |= Policy.StepUpOnRisk;
                _dirty = true;
                if (network is not null)
                {
                    S.AlertedNetworks.Insert(0, network);
                    if (S.AlertedNetworks.Count > AlertedNetworksKept)
                    {
                        S.AlertedNetworks.RemoveAt(S.AlertedNetworks.Count - 1);
                    }
                }
                Publish(EventTypes.SecurityAlert, now, SessionEvents.Alert(finding.Reason, client,
                    ("trustedIp", trusted.Ip ?? ""), ("trustedUserAgent", trusted.UserAgent ?? ""), ("stepUpRequired", SessionEvents.Flag(S.StepUpRequired))));
            }
        }
        if (writeBehind && (_dirty || now - _persistedLastSeen >= ExpiryPolicy.ActivityWriteInterval(idleTimeout)))
        {
            // A zero-delay timer runs as its own turn right after this one, so the response is not held.
            _activity.Schedule(TimeSpan.Zero);
        }
    }

    private bool UnwrittenActivity => S.Exists && (_dirty || _outboxSent || S.LastSeenAt > _persistedLastSeen);

    /// <summary>The write-behind flush: kept in memory and tried again (see <see cref="WriteBehind"/>) until storage takes it.</summary>
    private Task FlushAsync() => UnwrittenActivity ? WriteAsync() : Task.CompletedTask;

    /// <summary>Writes what is in memory (write-behind flushes and sweeps).</summary>
    private async Task WriteAsync()
    {
        var outboxSent = _outboxSent;
        _outboxSent = false;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            _outboxSent |= outboxSent;
            throw;
        }
        _persistedLastSeen = S.LastSeenAt;
        _dirty = false;
    }

    /// <summary>The state leaves storage and memory: nothing written behind remains, nor the data in clear.</summary>
    private async Task ClearAsync()
    {
        await state.ClearStateAsync();
        _activity.Cancel();
        _data.Forget();
        _dirty = false;
        _persistedLastSeen = default;
        DeactivateOnIdle();
    }

    /// <summary>Starts an acknowledged change (see <see cref="StateChange{T}"/>).</summary>
    private StateChange<SessionState> Begin() => StateChange<SessionState>.Begin(state, copier);

    /// <summary>Makes the change durable before anyone is told; if storage refuses, the grain holds what it held before.</summary>
    private async Task CommitAsync(StateChange<SessionState> change)
    {
        try
        {
            await change.WriteAsync();
        }
        catch
        {
            _data.Forget(); // the data in clear is reopened from the restored sealed form
            throw;
        }
        _persistedLastSeen = S.LastSeenAt;
        _dirty = false;
        _outboxSent = false;
    }

    private IUserGrainInternal User => GrainFactory.UserInternal(_tenantId, S.UserId!);

    /// <summary>Puts an event in the outbox of the state about to be written, so it is stored with its cause.</summary>
    private SessionEvent Stage(string type, DateTimeOffset now, Dictionary<string, string> detail)
    {
        var sessionEvent = SessionEvents.New(type, now, _sessionId, S.Device.Id, detail);
        _outbox.Stage(sessionEvent);
        return sessionEvent;
    }

    /// <summary>Once its cause is stored: to the user's history and live listeners (one-way), and to the tenant feed (outbox).</summary>
    private void Announce(SessionEvent sessionEvent)
    {
        _ = User.RecordEventAsync(sessionEvent);
        _outbox.Send();
    }

    /// <summary>An event without an acknowledged write of its own (alerts, expiry): staged and written behind at once.</summary>
    private void Publish(string type, DateTimeOffset now, Dictionary<string, string> detail)
    {
        var sessionEvent = Stage(type, now, detail);
        _dirty = true;
        _activity.Schedule(TimeSpan.Zero);
        Announce(sessionEvent);
    }

    private ExpiryState Evaluate(DateTimeOffset now) =>
        ExpiryPolicy.Evaluate(Policy, new SessionClock(S.CreatedAt, S.LastSeenAt, S.AccessIssuedAt, S.RememberMe, S.Aal, S.Risky, S.NotAfter), now);

    private SessionView View(DateTimeOffset now)
    {
        var expiry = Evaluate(now);
        var expiredUnrecorded = S.Status == SessionStatus.Active && expiry.Expired;
        var status = expiredUnrecorded ? SessionStatus.Expired : S.Status;
        return new SessionView
        {
            SessionId = _sessionId,
            UserId = S.UserId!,
            Device = S.Device,
            Status = status,
            EndReason = expiredUnrecorded ? expiry.Reason : S.EndReason,
            Aal = S.Aal,
            CreatedAt = S.CreatedAt,
            LastSeenAt = S.LastSeenAt,
            IdleExpiresAt = expiry.IdleExpiresAt,
            AbsoluteExpiresAt = expiry.AbsoluteExpiresAt,
            AccessTokenExpiresAt = expiry.AccessTokenExpiresAt,
            ExpiresSoon = status == SessionStatus.Active && expiry.ExpiresSoon,
            Client = S.LastClient,
            StepUpRequired = S.StepUpRequired,
            RememberMe = S.RememberMe,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh token reuse after the grace window on session {SessionHash} (generation {Generation}); session revoked")]
    private partial void LogRefreshReuse(string sessionHash, int generation);

    [LoggerMessage(Level = LogLevel.Error, Message = "The data of session {SessionHash} cannot be opened with the configured keys")]
    private partial void LogUnreadableData(Exception exception, string sessionHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write session {SessionHash} on deactivation")]
    private partial void LogFlushFailed(Exception exception, string sessionHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand the events of session {SessionHash} to the tenant feed ({Failures} tries); kept in its outbox, trying again")]
    private partial void LogFeedRetry(Exception exception, string sessionHash, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the activity of session {SessionHash} behind ({Failures} tries); kept in memory, trying again")]
    private partial void LogFlushRetry(Exception exception, string sessionHash, int failures);
}
