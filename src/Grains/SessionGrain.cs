using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Grains;

[GrainType(GrainTypes.Session)]
internal sealed partial class SessionGrain(
    [PersistentState(StateNames.Session, StorageNames.Sessions)] IPersistentState<SessionState> state,
    ITenantPolicies policies,
    AtRestCipher cipher,
    DeepCopier<SessionState> copier,
    [FromKeyedServices(Clock.ServiceKey)] TimeProvider time,
    SessionMetrics metrics,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain
{
    /// <summary>How many spent refresh-token hashes are kept to recognise their reuse.</summary>
    private const int SpentRefreshHashesKept = 8;

    private string _tenantId = "";
    private string _sessionId = "";
    private DateTimeOffset _persistedLastSeen;
    private bool _dirty;
    private IGrainTimer? _flushTimer;
    /// <summary>Consecutive failed write-behind flushes: the retry backs off with them.</summary>
    private int _flushFailures;
    /// <summary>The data in clear, opened on first use (the stored form is sealed).</summary>
    private string? _data;

    private SessionState S => state.State;

    /// <summary>The session as logs name it: a short hash, so logs can be correlated but not used to address a session.</summary>
    private string LogId => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(_sessionId)))[..12];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenantId, _sessionId) = GrainKeys.Split(this.GetPrimaryKeyString());
        _persistedLastSeen = S.LastSeenAt;
        // Data written before encryption at rest, or sealed with a retired key, is re-sealed on the next write.
        if (S.DataJson is not null || (S.SealedData is { } sealedData && cipher.NeedsResealing(sealedData)))
        {
            try
            {
                SetData(Data);
                _dirty = true;
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                // Its key is gone: the session still validates; reading its data fails loudly (docs/security.md).
                LogUnreadableData(ex, LogId);
            }
        }
        metrics.Activated();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.Deactivated();
        // Graceful deactivation (idle collection, silo shutdown) keeps what was written behind.
        if (S.Exists && (_dirty || S.LastSeenAt > _persistedLastSeen))
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

    public async Task<SessionResult> CreateAsync(CreateSessionCommand command)
    {
        if (S.Exists)
        {
            // A retried create (same key, tokens not yet rotated) gets the very same answer; anything else is a clash.
            if (command.IdempotencyKey is { } key && TokenCrypto.Matches(key, S.CreationKeyHash) && S.Generation == 0 && S.Status == SessionStatus.Active)
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
        S.Device = command.Device ?? new DeviceInfo();
        S.CreatedFrom = client;
        S.LastClient = client;
        S.CreatedAt = now;
        S.LastSeenAt = now;
        S.RememberMe = command.RememberMe;
        S.Aal = command.Aal;
        S.Status = SessionStatus.Active;
        if (command.DataJson is { } initialData)
        {
            SetData(initialData);
        }
        S.DataVersion = 1;
        S.TrustedFrom = client;
        // A first sign-in on a new device is a risk signal; the app's own second factor (AAL2) already answers it.
        S.StepUpRequired = command.FromNewDevice && command.Aal < 2 && policies.Get(_tenantId).StepUpOnRisk;
        var (accessSecret, refreshSecret) = command.IdempotencyKey is { } idempotencyKey
            ? TokenCrypto.DeriveInitialPair(idempotencyKey)
            : (TokenCrypto.NewSecret(), TokenCrypto.NewSecret());
        S.CreationKeyHash = command.IdempotencyKey is null ? null : TokenCrypto.Hash(command.IdempotencyKey);
        var tokens = Issue(accessSecret, refreshSecret, now);
        await CommitAsync(change);
        metrics.Created();
        Publish(EventTypes.SessionCreated, now, new() { ["rememberMe"] = command.RememberMe ? "true" : "false" });
        return SessionResult.Ok(View(now), tokens);
    }

    public Task<SessionResult> ValidateAsync(string accessSecret, ClientInfo? client)
    {
        var result = Validate(accessSecret, client);
        metrics.Validated(result.Error);
        return Task.FromResult(result);
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
            return SessionResult.Fail(SessionError.TokenInvalid);
        }
        var now = time.GetUtcNow();
        var isCurrent = TokenCrypto.Matches(refreshSecret, S.RefreshHash);
        var isPrevious = !isCurrent && TokenCrypto.Matches(refreshSecret, S.PreviousRefreshHash);
        var isSpent = !isCurrent && !isPrevious && S.SpentRefreshHashes.Exists(h => TokenCrypto.Matches(refreshSecret, h));
        if (!isCurrent && !isPrevious && !isSpent)
        {
            return SessionResult.Fail(SessionError.TokenInvalid);
        }
        var expiry = Evaluate(now);
        if (Dead(expiry, now) is { } dead)
        {
            return dead;
        }
        var policy = policies.Get(_tenantId);
        if (isCurrent)
        {
            var change = Begin();
            var nonce = TokenCrypto.NewNonce();
            var (access, refresh) = TokenCrypto.DerivePair(refreshSecret, nonce);
            if (S.PreviousRefreshHash is { } older)
            {
                SpendRefreshHash(older);
            }
            S.PreviousRefreshHash = S.RefreshHash;
            S.RotationNonce = nonce;
            S.RotatedAt = now;
            S.Generation++;
            var tokens = Issue(access, refresh, now);
            Touch(now, client, expiry.IdleTimeout, writeBehind: false);
            await CommitAsync(change);
            metrics.Refreshed();
            Publish(EventTypes.SessionRefreshed, now, new() { ["generation"] = S.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            return SessionResult.Ok(View(now), tokens);
        }
        if (isPrevious && S.RotatedAt is { } rotatedAt && now - rotatedAt <= policy.RefreshReuseGrace && S.RotationNonce is { } graceNonce)
        {
            // Another tab or device raced the rotation: give it the very same new pair.
            var (access, refresh) = TokenCrypto.DerivePair(refreshSecret, graceNonce);
            Touch(now, client, expiry.IdleTimeout);
            return SessionResult.Ok(View(now), Tokens(access, refresh));
        }
        // A used refresh token after the grace: someone holds a copy. End the session for everyone.
        await EndAsync(SessionStatus.Revoked, "refresh_token_reused", now);
        LogRefreshReuse(LogId, S.Generation);
        Publish(EventTypes.SecurityAlert, now, new()
        {
            ["reason"] = "refresh_token_reused",
            ["seenIp"] = client?.Ip ?? "",
            ["seenUserAgent"] = client?.UserAgent ?? "",
        });
        return SessionResult.Fail(SessionError.RefreshTokenReused, View(now));
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
        await CommitAsync(change);
        var view = View(now);
        Publish(EventTypes.SessionExtended, now, new() { ["idleExpiresAt"] = Timestamps.ToText(view.IdleExpiresAt) });
        return SessionResult.Ok(view);
    }

    public Task<SessionResult> GetAsync()
    {
        if (!S.Exists)
        {
            return Task.FromResult(SessionResult.Fail(SessionError.SessionNotFound));
        }
        return Task.FromResult(SessionResult.Ok(View(time.GetUtcNow())));
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
        if (S.Status != SessionStatus.Active && S.EndedAt is { } endedAt && now - endedAt >= policies.Get(_tenantId).DeadSessionRetention)
        {
            // Retention over: the state leaves storage (the provider deletes the key) and the activation goes.
            await state.ClearStateAsync();
            _dirty = false;
            _persistedLastSeen = default;
            DeactivateOnIdle();
            return new SweepResult { Gone = true, Status = SessionStatus.Expired, EndedAt = endedAt };
        }
        if (_dirty)
        {
            await WriteAsync();
        }
        return new SweepResult { Status = S.Status, EndedAt = S.EndedAt, Session = View(now) };
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
        SetData(dataJson);
        S.DataVersion++;
        await CommitAsync(change);
        Publish(EventTypes.SessionDataChanged, now, new() { ["version"] = S.DataVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return CurrentData();
    }

    public async Task EraseAsync()
    {
        if (S.Exists)
        {
            await state.ClearStateAsync();
            _dirty = false;
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
                Publish(EventTypes.SecurityAlert, now, new()
                {
                    ["reason"] = "mfa_locked",
                    ["lockedUntil"] = Timestamps.ToText(check.LockedUntil!.Value),
                    ["seenIp"] = client?.Ip ?? "",
                    ["seenUserAgent"] = client?.UserAgent ?? "",
                });
            }
            return SessionResult.Fail(check.Error) with { RetryAt = check.LockedUntil };
        }
        // New tokens at the new assurance level; every earlier refresh token of this session is now spent.
        var change = Begin();
        foreach (var spent in new[] { S.PreviousRefreshHash, S.RefreshHash })
        {
            if (spent is not null)
            {
                SpendRefreshHash(spent);
            }
        }
        S.PreviousRefreshHash = null;
        S.RotationNonce = null;
        S.RotatedAt = null;
        S.Generation++;
        S.Aal = 2;
        S.Risky = false;
        S.StepUpRequired = false;
        S.TrustedFrom = client is { Ip: not null } or { UserAgent: not null } ? client : S.LastClient;
        var tokens = Issue(TokenCrypto.NewSecret(), TokenCrypto.NewSecret(), now);
        Touch(now, client, expiry.IdleTimeout, writeBehind: false);
        await CommitAsync(change);
        Publish(EventTypes.SessionSteppedUp, now, new() { ["method"] = "totp", ["aal"] = "2" });
        return SessionResult.Ok(View(now), tokens);
    }

    private DataResult CurrentData() => new() { DataJson = Data, Version = S.DataVersion };

    private string DataContext => $"session/{_tenantId}/{_sessionId}/data";

    private string Data => _data ??= S.SealedData is { } sealedData ? cipher.OpenText(sealedData, DataContext) : S.DataJson ?? "{}";

    private void SetData(string dataJson)
    {
        S.SealedData = cipher.SealText(dataJson, DataContext);
        S.DataJson = null;
        _data = dataJson;
    }

    private void SpendRefreshHash(byte[] hash)
    {
        S.SpentRefreshHashes.Insert(0, hash);
        if (S.SpentRefreshHashes.Count > SpentRefreshHashesKept)
        {
            S.SpentRefreshHashes.RemoveAt(S.SpentRefreshHashes.Count - 1);
        }
    }

    private async Task EndAsync(SessionStatus status, string reason, DateTimeOffset now)
    {
        var change = Begin();
        S.Status = status;
        S.EndReason = reason;
        S.EndedAt = now;
        await CommitAsync(change);
        metrics.Revoked(reason);
        Publish(EventTypes.SessionRevoked, now, new() { ["reason"] = reason });
        // One-way, so a user grain that is itself revoking sessions is never waited on (no call cycle).
        _ = GrainFactory.GetUserGrain(_tenantId, S.UserId!).SessionEndedAsync(_sessionId);
    }

    /// <summary>The answer for a session that does not exist or is no longer usable; null when it may be used.</summary>
    private SessionResult? Unusable(DateTimeOffset now, out ExpiryState expiry)
    {
        expiry = default;
        if (!S.Exists)
        {
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
            ScheduleFlush();
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
        _ = GrainFactory.GetUserGrain(_tenantId, S.UserId!).SessionEndedAsync(_sessionId);
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
            if (!S.Risky && RiskSignals.Assess(trusted, client) is { Any: true } finding)
            {
                S.Risky = true;
                S.StepUpRequired |= policies.Get(_tenantId).StepUpOnRisk;
                _dirty = true;
                Publish(EventTypes.SecurityAlert, now, new()
                {
                    ["reason"] = finding.Reason,
                    ["seenIp"] = client.Ip ?? "",
                    ["seenUserAgent"] = client.UserAgent ?? "",
                    ["trustedIp"] = trusted.Ip ?? "",
                    ["trustedUserAgent"] = trusted.UserAgent ?? "",
                    ["stepUpRequired"] = S.StepUpRequired ? "true" : "false",
                });
            }
        }
        if (writeBehind && (_dirty || now - _persistedLastSeen >= ExpiryPolicy.ActivityWriteInterval(idleTimeout)))
        {
            ScheduleFlush();
        }
    }

    private void ScheduleFlush()
    {
        // A zero-delay timer runs as its own turn right after this one, so the response is not held.
        _flushTimer ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _flushTimer?.Dispose();
        _flushTimer = null;
        if (!S.Exists || !(_dirty || S.LastSeenAt > _persistedLastSeen))
        {
            return;
        }
        try
        {
            await WriteAsync();
            _flushFailures = 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Written behind, so kept in memory and tried again (backing off) until storage takes it.
            _flushFailures++;
            LogFlushRetry(ex, LogId, _flushFailures);
            var delay = StorageRetry.Delay(_flushFailures);
            _flushTimer = this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
    }

    /// <summary>Writes what is in memory (write-behind flushes and sweeps).</summary>
    private async Task WriteAsync()
    {
        await state.WriteStateAsync();
        _persistedLastSeen = S.LastSeenAt;
        _dirty = false;
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
            _data = null; // the data in clear is reopened from the restored sealed form
            throw;
        }
        _persistedLastSeen = S.LastSeenAt;
        _dirty = false;
    }

    private void Publish(string type, DateTimeOffset now, Dictionary<string, string> detail) =>
        _ = GrainFactory.GetUserGrain(_tenantId, S.UserId!).RecordEventAsync(new SessionEvent
        {
            Id = UserEvents.NewId(now),
            Type = type,
            At = now,
            SessionId = _sessionId,
            DeviceId = S.Device.Id,
            Detail = detail,
        });

    private ExpiryState Evaluate(DateTimeOffset now) =>
        ExpiryPolicy.Evaluate(policies.Get(_tenantId), new SessionClock(S.CreatedAt, S.LastSeenAt, S.AccessIssuedAt, S.RememberMe, S.Aal, S.Risky), now);

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
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh token reuse after the grace window on session {SessionHash} (generation {Generation}); session revoked")]
    private partial void LogRefreshReuse(string sessionHash, int generation);

    [LoggerMessage(Level = LogLevel.Error, Message = "The data of session {SessionHash} cannot be opened with the configured keys")]
    private partial void LogUnreadableData(Exception exception, string sessionHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write session {SessionHash} on deactivation")]
    private partial void LogFlushFailed(Exception exception, string sessionHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the activity of session {SessionHash} behind ({Failures} tries); kept in memory, trying again")]
    private partial void LogFlushRetry(Exception exception, string sessionHash, int failures);
}
