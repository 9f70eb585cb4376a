using SessionCluster.Grains;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SessionCluster.Api.Contracts;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Api.Http;

/// <summary>
/// Tenant API keys from configuration, plain or "sha256:"-hashed. Lookup is by the SHA-256 of the
/// presented key, so plain keys are never compared as text and hashed keys work the same way.
/// </summary>
public sealed class ApiKeyRegistry
{
    /// <summary>
    /// The configured keys by hash, and the keys already seen to be valid (so a key is hashed once, not per request;
    /// only configured keys get in). One snapshot, replaced whole on a configuration change, so a key just removed
    /// can never be re-added to the cache of the new configuration.
    /// </summary>
    private sealed record Snapshot(Dictionary<string, string> TenantByKeyHash, ConcurrentDictionary<string, (string TenantId, string KeyHash)> Known);

    private volatile Snapshot _snapshot;

    public ApiKeyRegistry(IOptionsMonitor<SessionClusterOptions> options)
    {
        _snapshot = Build(options.CurrentValue);
        options.OnChange(o => _snapshot = Build(o));
    }

    public bool TryGetTenant(string? apiKey, out string tenantId) => TryGetTenant(apiKey, out tenantId, out _);

    /// <summary>Also gives the key's hash, which identifies the caller (e.g. for rate limits) without hashing again.</summary>
    public bool TryGetTenant(string? apiKey, out string tenantId, out string keyHash)
    {
        tenantId = keyHash = "";
        if (string.IsNullOrEmpty(apiKey) || apiKey.Length > 512)
        {
            return false;
        }
        var snapshot = _snapshot;
        if (snapshot.Known.TryGetValue(apiKey, out var known))
        {
            (tenantId, keyHash) = known;
            return true;
        }
        keyHash = HashHex(apiKey);
        if (!snapshot.TenantByKeyHash.TryGetValue(keyHash, out tenantId!))
        {
            return false;
        }
        snapshot.Known.TryAdd(apiKey, (tenantId, keyHash));
        return true;
    }

    public static string HashHex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static Snapshot Build(SessionClusterOptions options)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (tenantId, tenant) in options.Tenants)
        {
            foreach (var key in tenant.ApiKeys)
            {
                var hash = key.StartsWith("sha256:", StringComparison.Ordinal) ? key[7..].ToLowerInvariant() : HashHex(key);
                map[hash] = tenantId;
            }
        }
        return new Snapshot(map, new(StringComparer.Ordinal));
    }
}

/// <summary>A service of a tenant, authenticated by <c>X-Api-Key</c>. Bound per request; a bad key is 401 <c>api_key_invalid</c>.</summary>
public sealed record ServiceCaller(string TenantId, string KeyHash)
{
    public const string HeaderName = "X-Api-Key";

    public static ValueTask<ServiceCaller?> BindAsync(HttpContext context)
    {
        var registry = context.RequestServices.GetRequiredService<ApiKeyRegistry>();
        if (!registry.TryGetTenant(context.Request.Headers[HeaderName], out var tenantId, out var keyHash))
        {
            throw new ApiProblemException(StatusCodes.Status401Unauthorized, ErrorCodes.ApiKeyInvalid, "A valid X-Api-Key header is required.");
        }
        return ValueTask.FromResult<ServiceCaller?>(new ServiceCaller(tenantId, keyHash));
    }
}

/// <summary>
/// An end user calling with their own session: <c>Authorization: Bearer</c>, or in cookie mode the session cookie
/// (then a state-changing call must pass the CSRF check, else 403 <c>csrf_invalid</c>). Binding validates the
/// token, which is the call's activity; a dead or unknown session is 401 with its code.
/// </summary>
public sealed record EndUser(string TenantId, SessionView Session, bool ViaCookie)
{
    public static async ValueTask<EndUser?> BindAsync(HttpContext context)
    {
        var token = BearerToken(context.Request.Headers.Authorization.ToString());
        var viaCookie = false;
        if (token is null && context.Request.Cookies[SessionCookies.Access] is { Length: > 0 } cookie)
        {
            token = cookie;
            viaCookie = true;
            if (SessionCookies.IsStateChanging(context.Request.Method) && !SessionCookies.CsrfHolds(context.Request, token))
            {
                throw SessionCookies.CsrfProblem();
            }
        }
        if (!SessionClusterClient.TryGetTenant(token, out var tenantId))
        {
            throw ApiProblem.Exception(SessionError.TokenInvalid, challenge: "Bearer");
        }
        var grains = context.RequestServices.GetRequiredService<IGrainFactory>();
        var client = ClientOf(context);
        var result = await ClusterRetry.RunAsync(() => grains.ValidateAsync(tenantId, token, client));
        if (!result.Succeeded)
        {
            throw ApiProblem.Exception(result.Error, challenge: "Bearer");
        }
        return new EndUser(tenantId, result.Session!, viaCookie);
    }

    public string SessionId => Session.SessionId;

    public string UserId => Session.UserId;

    /// <summary>The client of an end user's own request, as this API sees it.</summary>
    public static ClientInfo ClientOf(HttpContext context) => new()
    {
        Ip = context.Connection.RemoteIpAddress?.ToString(),
        // Truncated, not refused: a browser cannot choose its user agent.
        UserAgent = context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua[..Math.Min(ua.Length, RequestRules.MaxTextLength)] : null,
    };

    private static string? BearerToken(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
}
