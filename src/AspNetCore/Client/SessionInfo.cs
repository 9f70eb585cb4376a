namespace SessionCluster.AspNetCore.Client;

/// <summary>The API's "session view": what anyone allowed to see a session sees of it. Never carries a token.</summary>
public record SessionInfo
{
    /// <summary>The session id (not a credential).</summary>
    public required string SessionId { get; init; }
    /// <summary>The owner's user id.</summary>
    public required string UserId { get; init; }
    /// <summary>The device the session lives on ("" when the app named none).</summary>
    public string DeviceId { get; init; } = "";
    /// <summary><c>active</c>, <c>revoked</c> or <c>expired</c>.</summary>
    public string Status { get; init; } = "active";
    /// <summary>Why the session ended, when it did.</summary>
    public string? EndReason { get; init; }
    /// <summary>Authenticator assurance level, 1 or 2.</summary>
    public int Aal { get; init; } = 1;
    /// <summary>When the session was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last activity the cluster knows of.</summary>
    public DateTimeOffset LastSeenAt { get; init; }
    /// <summary>When the session ends unless used again.</summary>
    public DateTimeOffset IdleExpiresAt { get; init; }
    /// <summary>When the session ends whatever happens.</summary>
    public DateTimeOffset AbsoluteExpiresAt { get; init; }
    /// <summary>When the current access token stops working.</summary>
    public DateTimeOffset AccessTokenExpiresAt { get; init; }
    /// <summary>Inside the tenant's warning window before either expiry.</summary>
    public bool ExpiresSoon { get; init; }
    /// <summary>The tenant wants a second factor before this session is trusted again.</summary>
    public bool StepUpRequired { get; init; }
    /// <summary>Opened with remember-me (its cookies persist).</summary>
    public bool RememberMe { get; init; }
    /// <summary>The client the session was last used from.</summary>
    public ClientDetails? Client { get; init; }
    /// <summary>The device as the app named it.</summary>
    public DeviceDetails? Device { get; init; }

    /// <summary>The idle timeout in force, as the view implies it (idle expiry minus last activity).</summary>
    public TimeSpan IdleTimeout => IdleExpiresAt - LastSeenAt;
}
