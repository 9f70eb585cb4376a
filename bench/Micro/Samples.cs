using SessionCluster.Grains.Domain;

namespace SessionCluster.Bench.Micro;

/// <summary>Realistic inputs: a token as the service issues it, and the session view a validate answers with.</summary>
internal static class Samples
{
    public const string Tenant = "bench";

    public static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    public static (string Token, string SessionId, string Secret) NewToken()
    {
        var sessionId = TokenCrypto.NewSessionId();
        var secret = TokenCrypto.NewSecret();
        return (SessionToken.Format(Tenant, sessionId, secret), sessionId, secret);
    }

    public static SessionView View(string sessionId) => new()
    {
        SessionId = sessionId,
        UserId = "u123456",
        Device = new DeviceInfo { Id = "d123456", Name = "bench", Type = "browser" },
        Status = SessionStatus.Active,
        Aal = 1,
        CreatedAt = Now.AddMinutes(-42),
        LastSeenAt = Now,
        IdleExpiresAt = Now.AddMinutes(30),
        AbsoluteExpiresAt = Now.AddHours(11),
        AccessTokenExpiresAt = Now.AddMinutes(12),
        Client = new ClientInfo { Ip = "127.0.0.1", UserAgent = "bench/1.0" },
    };
}
