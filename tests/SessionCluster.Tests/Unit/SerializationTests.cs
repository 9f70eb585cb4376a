using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using SessionCluster.Grains;

namespace SessionCluster.Tests.Unit;

/// <summary>Every type that crosses the wire or goes to storage survives Orleans serialization unchanged.</summary>
public sealed class SerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static readonly DateTimeOffset T = new(2026, 11, 24, 10, 0, 0, 123, TimeSpan.Zero);

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    public static readonly SessionView View = new()
    {
        SessionId = "sid",
        UserId = "user",
        Device = new DeviceInfo { Id = "d", Name = "Phone", Type = "mobile" },
        Status = SessionStatus.Revoked,
        EndReason = "logout",
        Aal = 2,
        CreatedAt = T,
        LastSeenAt = T.AddMinutes(1),
        IdleExpiresAt = T.AddMinutes(31),
        AbsoluteExpiresAt = T.AddHours(12),
        AccessTokenExpiresAt = T.AddMinutes(15),
        ExpiresSoon = true,
        Client = new ClientInfo { Ip = "10.0.0.1", UserAgent = "UA" },
    };

    [Fact]
    public void RecordsRoundTrip()
    {
        var tokens = new SessionTokens { AccessToken = "a", RefreshToken = "r", CsrfToken = "c" };
        var command = new CreateSessionCommand
        {
            UserId = "u",
            Device = View.Device,
            Client = View.Client,
            DataJson = "{\"x\":1}",
            RememberMe = true,
            Aal = 2,
        };

        Assert.Equal(View.Client, RoundTrip(View.Client));
        Assert.Equal(View.Device, RoundTrip(View.Device));
        Assert.Equal(View, RoundTrip(View));
        Assert.Equal(tokens, RoundTrip(tokens));
        Assert.Equal(command, RoundTrip(command));
        var result = RoundTrip(SessionResult.Ok(View, tokens));
        Assert.Equal(View, result.Session);
        Assert.Equal(tokens, result.Tokens);
        Assert.Equal(SessionError.RefreshTokenReused, RoundTrip(SessionResult.Fail(SessionError.RefreshTokenReused, View)).Error);
    }

    [Fact]
    public void EventsDevicesDataAndLinksRoundTrip()
    {
        var e = new SessionEvent { Id = "id", Type = EventTypes.SecurityAlert, At = T, SessionId = "s", DeviceId = "d", Detail = new Dictionary<string, string> { ["reason"] = "new_network" } };
        var back = RoundTrip(e);
        Assert.Equal((e.Id, e.Type, e.At, e.SessionId, e.DeviceId), (back.Id, back.Type, back.At, back.SessionId, back.DeviceId));
        Assert.Equal(e.Detail, back.Detail);
        Assert.Equal(new SweepResult { Gone = false, Status = SessionStatus.Expired, EndedAt = T }, RoundTrip(new SweepResult { Gone = false, Status = SessionStatus.Expired, EndedAt = T }));
        Assert.Equal(new DataResult { Error = SessionError.VersionConflict, DataJson = "{\"a\":1}", Version = 7 }, RoundTrip(new DataResult { Error = SessionError.VersionConflict, DataJson = "{\"a\":1}", Version = 7 }));
        var device = new DeviceView { DeviceId = "d", Name = "n", Type = "t", FirstSeenAt = T, LastSeenAt = T.AddDays(1), LinkedVia = DeviceLinkKinds.Link, ActiveSessions = 3 };
        Assert.Equal(device, RoundTrip(device));
        var start = new DeviceLinkStart { LinkId = "l", UserCode = "BCDF-GHJK", ExpiresAt = T };
        Assert.Equal(start, RoundTrip(start));
        var tokens = new SessionTokens { AccessToken = "a", RefreshToken = "r", CsrfToken = "c" };
        var poll = RoundTrip(new DeviceLinkPoll { Status = DeviceLinkStatus.Approved, Session = View, Tokens = tokens });
        Assert.Equal((DeviceLinkStatus.Approved, View, tokens), (poll.Status, poll.Session, poll.Tokens));
        foreach (var status in Enum.GetValues<DeviceLinkStatus>())
        {
            Assert.Equal(status, RoundTrip(status));
        }
        foreach (var error in Enum.GetValues<DeviceLinkError>())
        {
            Assert.Equal(error, RoundTrip(error));
        }
        var command = new CreateSessionCommand { UserId = "u", IdempotencyKey = "k", Aal = 2 };
        Assert.Equal(command, RoundTrip(command));
        var opening = new SessionOpening { Command = command, Device = new DeviceInfo { Id = "d" }, LinkedVia = DeviceLinkKinds.Link, FromNewDevice = true };
        Assert.Equal(opening, RoundTrip(opening));
    }

    [Fact]
    public void NewStoredStatesRoundTrip()
    {
        var link = new DeviceLinkState
        {
            Status = DeviceLinkStatus.Approved,
            UserCode = "BCDFGHJK",
            Device = View.Device,
            Client = View.Client,
            CreatedAt = T,
            ExpiresAt = T.AddMinutes(5),
            ApprovedUserId = "u",
            ApprovedBySessionId = "s",
            SessionId = "n",
        };
        var code = new UserCodeState { LinkId = "l", ExpiresAt = T };
        var user = new UserState();
        var history = new UserEventsState();
        history.Events.Add(new SessionEvent { Id = "e", Type = EventTypes.SessionCreated, At = T });
        user.Devices["d"] = new DeviceRecord { Name = "n", Type = "t", FirstSeenAt = T, LastSeenAt = T, LinkedVia = DeviceLinkKinds.Login };
        user.PendingLinks["l"] = T;

        Assert.Equivalent(link, RoundTrip(link), strict: true);
        Assert.Equivalent(code, RoundTrip(code), strict: true);
        Assert.Equivalent(user, RoundTrip(user), strict: true);
        Assert.Equal("e", Assert.Single(RoundTrip(history).Events).Id);
    }

    [Theory]
    [InlineData(SessionStatus.Active)]
    [InlineData(SessionStatus.Revoked)]
    [InlineData(SessionStatus.Expired)]
    public void StatusRoundTrips(SessionStatus status) => Assert.Equal(status, RoundTrip(status));

    [Fact]
    public void EveryErrorRoundTrips()
    {
        foreach (var error in Enum.GetValues<SessionError>())
        {
            Assert.Equal(error, RoundTrip(error));
        }
    }

    [Fact]
    public void StoredStatesRoundTrip()
    {
        var session = new SessionState
        {
            UserId = "u",
            Device = View.Device,
            CreatedFrom = View.Client,
            LastClient = View.Client with { Ip = "10.0.0.2" },
            CreatedAt = T,
            LastSeenAt = T.AddMinutes(3),
            RememberMe = true,
            Aal = 2,
            Status = SessionStatus.Revoked,
            EndReason = "logout",
            EndedAt = T.AddMinutes(4),
            AccessHash = [1, 2, 3],
            AccessIssuedAt = T.AddMinutes(2),
            RefreshHash = [4, 5],
            Generation = 3,
            PreviousRefreshHash = [6],
            RotationNonce = [7, 8],
            RotatedAt = T.AddMinutes(2),
            SpentRefreshHashes = [[9], [10]],
            DataJson = "{}",
            DataVersion = 4,
            Risky = true,
            CreationKeyHash = [11],
            SealedData = [12, 13],
            StepUpRequired = true,
            TrustedFrom = View.Client with { Ip = "10.0.0.3" },
        };
        var mfa = new MfaState { SealedTotpSecret = [1, 2], Confirmed = true, EnrolledAt = T, LastUsedStep = 59_000_000, FailedAttempts = 2, LockedUntil = T.AddMinutes(5) };
        var user = new UserState();
        user.Sessions["sid"] = new UserSessionEntry { DeviceId = "d", CreatedAt = T };

        Assert.Equivalent(session, RoundTrip(session), strict: true);
        Assert.Equivalent(user, RoundTrip(user), strict: true);
        Assert.Equivalent(mfa, RoundTrip(mfa), strict: true);
    }

    [Fact]
    public void MfaRecordsRoundTrip()
    {
        var enrolment = new TotpEnrolment { Secret = "JBSWY3DPEHPK3PXP", OtpauthUri = "otpauth://totp/acme:u?secret=JBSWY3DPEHPK3PXP" };
        Assert.Equal(enrolment, RoundTrip(enrolment));
        var check = new MfaCheck { Error = SessionError.MfaLocked, LockedUntil = T, JustLocked = true };
        Assert.Equal(check, RoundTrip(check));
        var result = SessionResult.Fail(SessionError.MfaLocked) with { RetryAt = T };
        Assert.Equal(result, RoundTrip(result));
        Assert.True(RoundTrip(View with { StepUpRequired = true }).StepUpRequired);
    }
}
