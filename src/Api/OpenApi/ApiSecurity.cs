namespace SessionCluster.Api.OpenApi;

/// <summary>How an operation's caller authenticates, as the OpenAPI document says it.</summary>
public enum ApiSecurity
{
    /// <summary>No credential (the public device-link calls, and the ones that carry a token in the body).</summary>
    None,

    /// <summary>The tenant's service: <c>X-Api-Key</c>.</summary>
    ApiKey,

    /// <summary>An end user: <c>Authorization: Bearer</c>, or the access cookie (plus <c>X-CSRF-Token</c> on unsafe methods).</summary>
    EndUser,

    /// <summary>Cookie mode's refresh: the refresh and access cookies and <c>X-CSRF-Token</c>.</summary>
    RefreshCookie,

    /// <summary>Forward auth: the proxy's <c>X-Api-Key</c> and the end user's bearer token or access cookie.</summary>
    ProxyForEndUser,
}

/// <summary>
/// Endpoint metadata naming an operation's security where its handler does not show it (a handler that binds
/// <c>ServiceCaller</c> is <see cref="ApiSecurity.ApiKey"/>, one that binds <c>EndUser</c> is <see cref="ApiSecurity.EndUser"/>).
/// </summary>
public sealed record ApiSecurityMetadata(ApiSecurity Security);
