using System.Text.Json;
using SessionCluster.AspNetCore.Client;

namespace SessionCluster.AspNetCore;

/// <summary>What <c>SignInToSessionClusterAsync</c> opens the session with, besides the user and the request's client.</summary>
public sealed record SignInOptions
{
    /// <summary>The device (e.g. a name the user recognises).</summary>
    public DeviceDetails? Device { get; init; }
    /// <summary>A remember-me session: longer lifetime, persistent cookies.</summary>
    public bool RememberMe { get; init; }
    /// <summary>2 when the app's login already used a second factor.</summary>
    public int Aal { get; init; } = 1;
    /// <summary>Initial session data (an object).</summary>
    public JsonElement? Data { get; init; }
}
