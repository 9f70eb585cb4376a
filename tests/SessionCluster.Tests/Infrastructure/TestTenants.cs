namespace SessionCluster.Tests.Infrastructure;

/// <summary>The tenants every test host is configured with.</summary>
public static class TestTenants
{
    public const string Acme = "acme";
    public const string AcmeKey = "acme-key-1";
    public const string Other = "other";
    public const string OtherKey = "other-key-1";
    /// <summary>At most two sessions per user; a third is refused.</summary>
    public const string Limited = "limited";
    public const string LimitedKey = "limited-key-1";
    /// <summary>At most two sessions per user; a third evicts the least recently used.</summary>
    public const string Evicting = "evicting";
    public const string EvictingKey = "evicting-key-1";

    /// <summary>A tenant whose policy tests change at run time (reload), to show it applies to existing sessions.</summary>
    public const string Tunable = "tunable";
    /// <summary>Second-scale timeouts, no retention: for real-time cleanup and expiry tests.</summary>
    public const string Ephemeral = "ephemeral";
    public const string EphemeralKey = "ephemeral-key-1";
    /// <summary>A 4 s idle timeout with a 2 s warning, for the end-to-end expiry test over HTTP.</summary>
    public const string Fast = "fast";
    public const string FastKey = "fast-key-1";
    /// <summary>A 90 s idle timeout: activity is written behind at most every 9 s (and the cluster restarts well within it).</summary>
    public const string WriteBehind = "writebehind";

    /// <summary>StepUpOnRisk on; three wrong TOTP codes lock the factor for a minute.</summary>
    public const string Guarded = "guarded";
    public const string GuardedKey = "guarded-key-1";

    /// <summary>The at-rest key every test host shares (as every silo of a real cluster must).</summary>
    public const string EncryptionKey = "k2ZLdN1m2kQy9b0oQ9h6Y1m2O3WbQxU9sYv8R7cJp4E=";

    /// <summary>A hashed key for acme, configured as "sha256:…" (the plain key below).</summary>
    public const string AcmeHashedPlainKey = "acme-key-hashed";

    public static Dictionary<string, string?> Configuration(string? redis = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["SessionCluster:Tenants:acme:ApiKeys:0"] = AcmeKey,
            ["SessionCluster:Tenants:acme:ApiKeys:1"] = "sha256:" + Convert.ToHexStringLower(
                System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AcmeHashedPlainKey))),
            ["SessionCluster:Tenants:acme:Policy:IdleTimeout"] = "00:30:00",
            ["SessionCluster:Tenants:acme:Policy:AbsoluteLifetime"] = "12:00:00",
            ["SessionCluster:Tenants:acme:Policy:RememberMeLifetime"] = "30.00:00:00",
            ["SessionCluster:Tenants:acme:Policy:AccessTokenLifetime"] = "00:15:00",
            ["SessionCluster:Tenants:acme:Policy:WarningLead"] = "00:02:00",
            ["SessionCluster:Tenants:acme:Policy:RefreshReuseGrace"] = "00:00:10",
            ["SessionCluster:Tenants:acme:Policy:Aal2IdleTimeout"] = "01:00:00",
            ["SessionCluster:Tenants:other:ApiKeys:0"] = OtherKey,
            ["SessionCluster:Tenants:limited:ApiKeys:0"] = LimitedKey,
            ["SessionCluster:Tenants:limited:Policy:MaxSessionsPerUser"] = "2",
            ["SessionCluster:Tenants:limited:Policy:SessionLimitAction"] = "RejectNew",
            ["SessionCluster:Tenants:evicting:ApiKeys:0"] = EvictingKey,
            ["SessionCluster:Tenants:evicting:Policy:MaxSessionsPerUser"] = "2",
            ["SessionCluster:Tenants:evicting:Policy:SessionLimitAction"] = "EvictOldest",
            ["SessionCluster:Tenants:tunable:Policy:IdleTimeout"] = "00:30:00",
            ["SessionCluster:Tenants:ephemeral:ApiKeys:0"] = EphemeralKey,
            ["SessionCluster:Tenants:ephemeral:Policy:IdleTimeout"] = "00:00:02",
            ["SessionCluster:Tenants:ephemeral:Policy:AbsoluteLifetime"] = "00:00:30",
            ["SessionCluster:Tenants:ephemeral:Policy:DeadSessionRetention"] = "00:00:00",
            ["SessionCluster:Tenants:ephemeral:Policy:EventRetention"] = "00:00:00",
            ["SessionCluster:Tenants:fast:ApiKeys:0"] = FastKey,
            ["SessionCluster:Tenants:fast:Policy:IdleTimeout"] = "00:00:04",
            ["SessionCluster:Tenants:fast:Policy:WarningLead"] = "00:00:02",
            ["SessionCluster:Tenants:fast:Policy:AbsoluteLifetime"] = "00:01:00",
            ["SessionCluster:Tenants:fast:Policy:AccessTokenLifetime"] = "00:01:00",
            ["SessionCluster:Tenants:writebehind:Policy:IdleTimeout"] = "00:01:30",
            ["SessionCluster:Tenants:guarded:ApiKeys:0"] = GuardedKey,
            ["SessionCluster:Tenants:guarded:Policy:StepUpOnRisk"] = "true",
            ["SessionCluster:Tenants:guarded:Policy:MfaMaxAttempts"] = "3",
            ["SessionCluster:Tenants:guarded:Policy:MfaLockout"] = "00:01:00",
            ["SessionCluster:Tenants:guarded:Policy:MfaMaxConsecutiveFailures"] = "9",
            ["SessionCluster:Tenants:guarded:Policy:TotpIssuer"] = "Guarded Bank",
            ["SessionCluster:Encryption:Keys:test-1"] = EncryptionKey,
        };
        if (redis is not null)
        {
            config["ConnectionStrings:redis"] = redis;
        }
        return config;
    }

    /// <summary>A fresh user id, so tests sharing a cluster never see each other's sessions.</summary>
    public static string NewUserId() => "user-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The instant every fake clock starts at.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
}
