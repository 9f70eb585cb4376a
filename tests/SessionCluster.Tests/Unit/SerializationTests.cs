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
        SessionId = "sid", UserId = "user", Device = new DeviceInfo { Id = "d", Name = "Phone", Type = "mobile" },
        Status = SessionStatus.Revoked, EndReason = "logout", Aal = 2, CreatedAt = T, LastSeenAt = T.AddMinutes(1),
        IdleExpiresAt = T.AddMinutes(31), AbsoluteExpiresAt = T.AddHours(12), AccessTokenExpiresAt = T.AddMinutes(15),
        ExpiresSoon = true, Client = new ClientInfo { Ip = "10.0.0.1", UserAgent = "UA" },
    };

    [Fact]
    public void RecordsRoundTrip()
    {
        var tokens = new SessionTokens { AccessToken = "a", RefreshToken = "r", CsrfToken = "c" };
        var command = new CreateSessionCommand
        {
            UserId = "u", Device = View.Device, Client = View.Client, DataJson = "{\"x\":1}", RememberMe = true, Aal = 2,
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
            UserId = "u", Device = View.Device, CreatedFrom = View.Client, LastClient = View.Client with { Ip = "10.0.0.2" },
            CreatedAt = T, LastSeenAt = T.AddMinutes(3), RememberMe = true, Aal = 2, Status = SessionStatus.Revoked,
            EndReason = "logout", EndedAt = T.AddMinutes(4), AccessHash = [1, 2, 3], AccessIssuedAt = T.AddMinutes(2),
            RefreshHash = [4, 5], Generation = 3, PreviousRefreshHash = [6], RotationNonce = [7, 8], RotatedAt = T.AddMinutes(2),
            SpentRefreshHashes = [[9], [10]], DataJson = "{}", DataVersion = 4,
        };
        var user = new UserState();
        user.Sessions["sid"] = new UserSessionEntry { DeviceId = "d", CreatedAt = T };

        Assert.Equivalent(session, RoundTrip(session), strict: true);
        Assert.Equivalent(user, RoundTrip(user), strict: true);
    }
}
