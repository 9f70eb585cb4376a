using System.Text.Json;

namespace SessionCluster.AspNetCore.Client;

/// <summary>The body of <c>POST /v1/sessions</c>.</summary>
public sealed record NewSession
{
    /// <summary>The user the app authenticated (1–256 characters).</summary>
    public required string UserId { get; init; }
    /// <summary>The device the session opens on.</summary>
    public DeviceDetails? Device { get; init; }
    /// <summary>The end user's client (address, user agent).</summary>
    public ClientDetails? Client { get; init; }
    /// <summary>Initial session data (an object, at most 16 KiB serialized).</summary>
    public JsonElement? Data { get; init; }
    /// <summary>A remember-me session: longer absolute lifetime, persistent cookies.</summary>
    public bool RememberMe { get; init; }
    /// <summary>1, or 2 when the app's login already used a second factor.</summary>
    public int Aal { get; init; } = 1;
}
