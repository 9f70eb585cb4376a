using OtpNet;
using SessionCluster.Grains;
using SessionCluster.Grains.Domain;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Cluster;

/// <summary>
/// Acknowledged means durable, grain by grain: storage refuses a change, the caller gets
/// <see cref="StorageUnavailableException"/>, the grain keeps answering from what storage holds (never from the
/// change it could not store), and once storage is back the retried call does the work for real.
/// </summary>
[Collection(FaultyStorageCollection.Name)]
public sealed class StorageFaultTests(FaultyStorageFixture fixture) : IDisposable
{
    private const string Acme = TestTenants.Acme;
    private static readonly ClientInfo Home = new() { Ip = "203.0.113.7", UserAgent = "Firefox/140" };

    private IGrainFactory Grains => fixture.Grains;

    private StorageFaults Faults => fixture.Faults;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    public void Dispose() => Faults.Heal();

    private async Task<SessionResult> CreateAsync(string userId, string deviceId = "laptop")
    {
        var result = await Grains.CreateSessionAsync(Acme, new CreateSessionCommand
        {
            UserId = userId,
            Device = new DeviceInfo { Id = deviceId, Name = "Laptop" },
            Client = Home,
        });
        Assert.True(result.Succeeded, result.Error.ToString());
        return result;
    }

    private static GrainId Id(string grainType, string tenant, string id) => GrainId.Create(grainType, GrainKeys.Scoped(tenant, id));

    private Task<SessionState?> StoredSessionAsync(string sessionId) =>
        Faults.StoredAsync<SessionState>(StorageNames.Sessions, StateNames.Session, Id(GrainTypes.Session, Acme, sessionId));

    private Task<UserState?> StoredUserAsync(string userId) =>
        Faults.StoredAsync<UserState>(StorageNames.Users, StateNames.User, Id(GrainTypes.User, Acme, userId));

    private Task<MfaState?> StoredMfaAsync(string userId) =>
        Faults.StoredAsync<MfaState>(StorageNames.Users, StateNames.Mfa, Id(GrainTypes.Mfa, Acme, userId));

    /// <summary>The session's writes fail; it can still be read (so it is active, or can be activated).</summary>
    private void FailSession(string sessionId) => Faults.FailWritesOf(GrainKeys.Session(Acme, sessionId));

    private void FailUser(string userId) => Faults.FailWritesOf(GrainKeys.User(Acme, userId));

    [Fact]
    public async Task ARevokeStorageRefusedLeavesTheSessionActiveAndTheRetryRevokesForReal()
    {
        var created = await CreateAsync(TestTenants.NewUserId());
        var sessionId = created.Session!.SessionId;
        var session = Grains.GetSessionGrain(Acme, sessionId);

        FailSession(sessionId);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => session.RevokeAsync("logout"));

        // The very defect the outage found: the retry must not find it "already revoked" in memory.
        Assert.Equal(SessionStatus.Active, (await session.GetAsync()).Session!.Status);
        Assert.True((await Grains.ValidateAsync(Acme, created.Tokens!.AccessToken)).Succeeded);
        Assert.Equal(SessionStatus.Active, (await StoredSessionAsync(sessionId))!.Status);

        Faults.Heal();
        Assert.True(await session.RevokeAsync("logout"));
        Assert.Equal(SessionStatus.Revoked, (await StoredSessionAsync(sessionId))!.Status);
        Assert.Equal(SessionError.SessionRevoked, (await Grains.ValidateAsync(Acme, created.Tokens.AccessToken)).Error);
    }

    [Fact]
    public async Task ARefreshStorageRefusedHandsOutNothingAndTheOldPairStillRefreshes()
    {
        var created = await CreateAsync(TestTenants.NewUserId());
        var sessionId = created.Session!.SessionId;
        var storedHash = (await StoredSessionAsync(sessionId))!.RefreshHash;

        FailSession(sessionId);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => Grains.RefreshAsync(Acme, created.Tokens!.RefreshToken));

        Assert.Equal(storedHash, (await StoredSessionAsync(sessionId))!.RefreshHash);
        Assert.True((await Grains.ValidateAsync(Acme, created.Tokens!.AccessToken)).Succeeded); // not rotated away

        // Long after the reuse grace: had the failed rotation stayed in memory, this would be theft and end the session.
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        Faults.Heal();
        var refreshed = await Grains.RefreshAsync(Acme, created.Tokens.RefreshToken);
        Assert.True(refreshed.Succeeded, refreshed.Error.ToString());
        Assert.Equal(1, (await StoredSessionAsync(sessionId))!.Generation);
        Assert.True((await Grains.ValidateAsync(Acme, refreshed.Tokens!.AccessToken)).Succeeded);
        Assert.Equal(SessionError.TokenInvalid, (await Grains.ValidateAsync(Acme, created.Tokens.AccessToken)).Error);
    }

    [Fact]
    public async Task AnExtendStorageRefusedDoesNotMoveTheIdleExpiry()
    {
        var created = await CreateAsync(TestTenants.NewUserId());
        var sessionId = created.Session!.SessionId;
        var session = Grains.GetSessionGrain(Acme, sessionId);
        var before = created.Session.IdleExpiresAt;
        fixture.Time.Advance(TimeSpan.FromMinutes(5));

        FailSession(sessionId);
        await Assert.ThrowsAsync<StorageUnavailableException>(session.ExtendAsync);
        Assert.Equal(before, (await session.GetAsync()).Session!.IdleExpiresAt);

        Faults.Heal();
        var extended = await session.ExtendAsync();
        Assert.Equal(before + TimeSpan.FromMinutes(5), extended.Session!.IdleExpiresAt);
        Assert.Equal(Now, (await StoredSessionAsync(sessionId))!.LastSeenAt);
    }

    [Fact]
    public async Task ADataWriteStorageRefusedKeepsTheOldDataAndVersion()
    {
        var created = await CreateAsync(TestTenants.NewUserId());
        var session = Grains.GetSessionGrain(Acme, created.Session!.SessionId);
        Assert.Equal(2, (await session.PutDataAsync("{\"cart\":1}", 1)).Version);

        FailSession(created.Session.SessionId);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => session.PutDataAsync("{\"cart\":2}", 2));
        var now = await session.GetDataAsync();
        Assert.Equal(2, now.Version);
        Assert.Equal("{\"cart\":1}", now.DataJson);

        Faults.Heal();
        var written = await session.PutDataAsync("{\"cart\":2}", 2);
        Assert.Equal(SessionError.None, written.Error); // the same If-Match works: the failed write took no version
        Assert.Equal(3, written.Version);
        Assert.Equal(3, (await StoredSessionAsync(created.Session.SessionId))!.DataVersion);
    }

    [Fact]
    public async Task AStepUpStorageRefusedKeepsTheSessionAtAal1WithItsTokens()
    {
        var userId = TestTenants.NewUserId();
        var created = await CreateAsync(userId);
        var sessionId = created.Session!.SessionId;
        var secret = await EnrolAsync(userId);
        var session = Grains.GetSessionGrain(Acme, sessionId);

        FailSession(sessionId);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => session.StepUpAsync(TotpCodes.Compute(secret, Now), Home));
        Assert.Equal(1, (await session.GetAsync()).Session!.Aal);
        Assert.True((await Grains.ValidateAsync(Acme, created.Tokens!.AccessToken)).Succeeded);
        Assert.Equal(1, (await StoredSessionAsync(sessionId))!.Aal);

        // That code was spent by the factor (codes are single-use); the user types the next one.
        Faults.Heal();
        NextStep();
        var stepped = await session.StepUpAsync(TotpCodes.Compute(secret, Now), Home);
        Assert.True(stepped.Succeeded, stepped.Error.ToString());
        Assert.Equal(2, (await StoredSessionAsync(sessionId))!.Aal);
    }

    [Fact]
    public async Task ACreateStorageRefusedMakesNoSessionAndTheRetryWithTheSameKeyDoes()
    {
        var userId = TestTenants.NewUserId();
        var command = new CreateSessionCommand { UserId = userId, Client = Home, IdempotencyKey = TokenCrypto.NewSecret() };

        // The user's index is written first: refused there, nothing exists anywhere.
        FailUser(userId);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => Grains.CreateSessionAsync(Acme, command));
        Assert.Null(await StoredUserAsync(userId));

        // Refused at the session's own write: the index may name it, but no session exists.
        var sessionId = TokenCrypto.SessionIdFor(userId, command.IdempotencyKey!);
        FailSession(sessionId);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => Grains.CreateSessionAsync(Acme, command));
        Assert.Null(await StoredSessionAsync(sessionId));
        Assert.Equal(SessionError.SessionNotFound, (await Grains.GetSessionGrain(Acme, sessionId).GetAsync()).Error);
        Assert.Empty(await Grains.GetUserGrain(Acme, userId).ListSessionsAsync());

        Faults.Heal();
        var created = await Grains.CreateSessionAsync(Acme, command);
        Assert.True(created.Succeeded, created.Error.ToString());
        Assert.Equal(sessionId, created.Session!.SessionId);
        Assert.Equal(SessionStatus.Active, (await StoredSessionAsync(sessionId))!.Status);
        Assert.True((await Grains.ValidateAsync(Acme, created.Tokens!.AccessToken)).Succeeded);
    }

    [Fact]
    public async Task ValidatesOfSessionsInMemoryGoOnWhileStorageIsDownAndUnknownOnesAreRefusedFast()
    {
        var created = await CreateAsync(TestTenants.NewUserId());
        var stranger = TokenCrypto.NewSessionId();

        Faults.Fail((_, _) => true);
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await Grains.ValidateAsync(Acme, created.Tokens!.AccessToken)).Succeeded);
        }
        // Not in memory: activating it needs a read, which storage refuses; the caller hears so, it is not told "invalid".
        var unknown = SessionToken.Format(Acme, stranger, TokenCrypto.NewSecret());
        await Assert.ThrowsAsync<StorageUnavailableException>(() => Grains.ValidateAsync(Acme, unknown));

        Faults.Heal();
        Assert.Equal(SessionError.TokenInvalid, (await Grains.ValidateAsync(Acme, unknown)).Error);
    }

    [Fact]
    public async Task ActivityWrittenBehindIsRetriedUntilStorageTakesIt()
    {
        var created = await CreateAsync(TestTenants.NewUserId());
        var sessionId = created.Session!.SessionId;

        FailSession(sessionId);
        // Past a tenth of the idle window: this validate schedules a write-behind of "last seen", which storage refuses.
        fixture.Time.Advance(TimeSpan.FromMinutes(4));
        var seenAt = Now;
        Assert.True((await Grains.ValidateAsync(Acme, created.Tokens!.AccessToken)).Succeeded);
        await WaitUntilAsync(() => Faults.Refused > 0);
        Assert.Equal(created.Session.LastSeenAt, (await StoredSessionAsync(sessionId))!.LastSeenAt);

        Faults.Heal();
        await WaitUntilAsync(async () => (await StoredSessionAsync(sessionId))!.LastSeenAt == seenAt);
    }

    [Fact]
    public async Task RemovingADeviceStorageRefusedKeepsTheDeviceListed()
    {
        var userId = TestTenants.NewUserId();
        await CreateAsync(userId, "phone");
        await CreateAsync(userId, "laptop");
        var user = Grains.GetUserGrain(Acme, userId);

        FailUser(userId);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => user.RemoveDeviceAsync("phone"));
        Assert.Contains(await user.ListDevicesAsync(), d => d.DeviceId == "phone");
        Assert.True((await StoredUserAsync(userId))!.Devices.ContainsKey("phone"));

        Faults.Heal();
        await user.RemoveDeviceAsync("phone");
        Assert.DoesNotContain(await user.ListDevicesAsync(), d => d.DeviceId == "phone");
        Assert.False((await StoredUserAsync(userId))!.Devices.ContainsKey("phone"));
    }

    [Fact]
    public async Task AnErasureStorageRefusedLeavesTheUserAsStoredAndTheRetryErases()
    {
        var userId = TestTenants.NewUserId();
        var created = await CreateAsync(userId);
        var user = Grains.GetUserGrain(Acme, userId);

        FailUser(userId);
        await Assert.ThrowsAsync<StorageUnavailableException>(user.EraseAsync);
        Assert.Single(await user.ListDevicesAsync());
        Assert.NotNull(await StoredUserAsync(userId));

        Faults.Heal();
        await user.EraseAsync();
        Assert.Null(await StoredUserAsync(userId));
        Assert.Null(await StoredSessionAsync(created.Session!.SessionId));
        Assert.Empty(await user.ListDevicesAsync());
    }

    [Fact]
    public async Task AnEnrolmentStorageRefusedEnrolsNothing()
    {
        var userId = TestTenants.NewUserId();
        var mfa = Grains.GetMfaGrain(Acme, userId);

        Faults.FailKeys(GrainKeys.User(Acme, userId));
        await Assert.ThrowsAsync<StorageUnavailableException>(mfa.EnrolAsync);
        Faults.Heal();
        Assert.Null(await StoredMfaAsync(userId));
        Assert.Equal(SessionError.MfaNotEnrolled, (await mfa.VerifyAsync("123456")).Error);

        var secret = await EnrolAsync(userId);
        Assert.NotNull(secret);
        Assert.True((await StoredMfaAsync(userId))!.Confirmed);
    }

    [Fact]
    public async Task AWrongCodeStorageCouldNotCountIsNotAnswered()
    {
        var userId = TestTenants.NewUserId();
        var secret = await EnrolAsync(userId);
        var mfa = Grains.GetMfaGrain(Acme, userId);
        var wrong = TotpCodes.Compute(secret, Now.AddHours(1));

        Faults.FailKeys(GrainKeys.User(Acme, userId));
        // An attempt the lockout did not count must not be answered, or guesses while storage is down would be free.
        await Assert.ThrowsAsync<StorageUnavailableException>(() => mfa.VerifyAsync(wrong));
        Faults.Heal();
        Assert.Equal(0, (await StoredMfaAsync(userId))!.FailedAttempts);

        Assert.Equal(SessionError.MfaCodeInvalid, (await mfa.VerifyAsync(wrong)).Error);
        Assert.Equal(1, (await StoredMfaAsync(userId))!.FailedAttempts);
    }

    [Fact]
    public async Task ADeviceLinkStorageRefusedStaysPendingAndTheRetriedApprovalHandsOverOneSession()
    {
        var userId = TestTenants.NewUserId();
        var approver = await CreateAsync(userId);
        var linkId = TokenCrypto.NewSessionId();
        var link = Grains.GetDeviceLinkGrain(Acme, linkId);

        Faults.Fail((name, _) => name == StorageNames.Links);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => link.StartAsync(new DeviceInfo { Name = "TV" }, Home));
        Faults.Heal();
        var started = await link.StartAsync(new DeviceInfo { Name = "TV" }, Home);

        Faults.FailKeys(GrainKeys.Scoped(Acme, linkId));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => link.ApproveAsync(userId, approver.Session!.SessionId));
        Faults.Heal();
        Assert.Equal(DeviceLinkStatus.Pending, (await link.PollAsync()).Status);
        Assert.Equal(linkId, await Grains.GetUserCodeGrain(Acme, UserCodes.Normalize(started.UserCode)!).ResolveAsync());

        Assert.Equal(DeviceLinkError.None, await link.ApproveAsync(userId, approver.Session!.SessionId));
        var handedOver = await link.PollAsync();
        Assert.Equal(DeviceLinkStatus.Approved, handedOver.Status);
        Assert.True((await Grains.ValidateAsync(Acme, handedOver.Tokens!.AccessToken)).Succeeded);
        Assert.Equal(DeviceLinkStatus.Consumed, (await link.PollAsync()).Status);
    }

    [Fact]
    public async Task StorageHoldsNoRotationNonceInClearSoASpentTokenAndADumpDoNotGiveTheCurrentPair()
    {
        var created = await CreateAsync(TestTenants.NewUserId());
        var spent = created.Tokens!.RefreshToken;
        var refreshed = await Grains.RefreshAsync(Acme, spent);
        Assert.True(refreshed.Succeeded);

        var stored = (await StoredSessionAsync(created.Session!.SessionId))!;
        Assert.Null(stored.RotationNonce);
        Assert.NotNull(stored.SealedRotationNonce);
        // What an attacker with the spent token and a dump would try: derive from the stored bytes.
        var (access, _) = TokenCrypto.DerivePair(spent.Split('.')[2], stored.SealedRotationNonce!);
        Assert.NotEqual(refreshed.Tokens!.AccessToken.Split('.')[2], access);
        // The grace repeat still gives the same pair, from the sealed nonce.
        Assert.Equal(refreshed.Tokens.AccessToken, (await Grains.RefreshAsync(Acme, spent)).Tokens!.AccessToken);
    }

    [Fact]
    public async Task ACreatedSessionIsNeverReadFromStorageFirstYetAStaleHintCannotOverwriteOne()
    {
        var created = await CreateAsync(TestTenants.NewUserId());
        var sessionGrain = Id(GrainTypes.Session, Acme, created.Session!.SessionId);
        Assert.Equal(0, Faults.ReadsOf(sessionGrain)); // its creator knew it was new: no round trip to find nothing

        // A hint naming a session that does exist (it never should) cannot lose it: the etag-less write is refused.
        var other = await CreateAsync(TestTenants.NewUserId());
        var existing = Grains.SessionInternal(Acme, other.Session!.SessionId);
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        using (StorageHints.New(existing.GetGrainId()))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => existing.CreateAsync(new SessionOpening
            {
                Command = new CreateSessionCommand { UserId = other.Session.UserId },
                Device = new DeviceInfo { Id = "intruder" },
            }));
        }
        Assert.True((await Grains.ValidateAsync(Acme, other.Tokens!.AccessToken)).Succeeded);
        Assert.Equal("laptop", (await StoredSessionAsync(other.Session.SessionId))!.Device.Id);
    }

    /// <summary>Moves the clock to the start of the next 30 s step, so the next code is one no earlier call spent.</summary>
    private void NextStep() => fixture.Time.Advance(TimeSpan.FromSeconds(30 - (Now.ToUnixTimeSeconds() % 30)));

    private async Task<byte[]> EnrolAsync(string userId)
    {
        var mfa = Grains.GetMfaGrain(Acme, userId);
        var secret = Base32Encoding.ToBytes((await mfa.EnrolAsync()).Secret);
        NextStep();
        Assert.True((await mfa.ConfirmAsync(TotpCodes.Compute(secret, Now))).Succeeded);
        NextStep();
        return secret;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    /// <summary>Polls a condition the silo reaches on its own (a real-time timer); gives up after 15 s.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail("The condition was not reached within 15 s.");
    }
}
