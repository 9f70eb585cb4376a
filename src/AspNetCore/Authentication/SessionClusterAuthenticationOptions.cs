using Microsoft.AspNetCore.Authentication;

namespace SessionCluster.AspNetCore.Authentication;

/// <summary>
/// The handler's settings: bound from <c>SessionCluster:Client</c>, then the <c>AddSessionCluster(o =&gt; …)</c>
/// delegate.
/// </summary>
public sealed class SessionClusterAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary><c>SessionCluster:Client:AcceptBearer</c>: accept <c>Authorization: Bearer</c> (default true).</summary>
    public bool AcceptBearer { get; set; } = true;

    /// <summary><c>SessionCluster:Client:AcceptCookie</c>: accept the <c>__Host-sc-access</c> cookie, CSRF-checked on unsafe methods (default true).</summary>
    public bool AcceptCookie { get; set; } = true;

    /// <summary>
    /// <c>SessionCluster:Client:TrustForwardAuthHeaders</c>: take the identity from <c>X-Auth-Request-*</c> headers set by
    /// a reverse proxy that called <c>GET /v1/auth</c> (default false). Only requests from <see cref="TrustedProxies"/> are believed.
    /// </summary>
    public bool TrustForwardAuthHeaders { get; set; }

    /// <summary><c>SessionCluster:Client:TrustedProxies:{n}</c>: the proxies (an address, or a network <c>10.0.0.0/8</c>) whose identity headers are believed.</summary>
    public IList<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// <c>SessionCluster:Client:CacheValidations</c>: keep validated sessions in this process's memory for at most
    /// <see cref="MaxStaleness"/>, evicted at once by the tenant event feed (default false).
    /// </summary>
    public bool CacheValidations { get; set; }

    /// <summary><c>SessionCluster:Client:MaxStaleness</c>: the longest a cached validation is served (default 5 s; at most 5 min).</summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>SessionCluster:Client:MaxCachedSessions</c>: entries the cache holds at most (default 100 000); past it, validations are not cached.</summary>
    public int MaxCachedSessions { get; set; } = 100_000;

    /// <summary><c>SessionCluster:Client:LoginPath</c>: where a browser navigation without a valid session is redirected (unset: 401).</summary>
    public string? LoginPath { get; set; }

    /// <summary><c>SessionCluster:Client:StepUpPath</c>: where a browser navigation that must step up is redirected (unset: 403 <c>step_up_required</c>).</summary>
    public string? StepUpPath { get; set; }

    /// <summary>The query parameter carrying the original path to the login and step-up pages (default <c>returnUrl</c>).</summary>
    public string ReturnUrlParameter { get; set; } = "returnUrl";
}
