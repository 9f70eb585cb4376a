using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SessionCluster.AspNetCore.Caching;
using SessionCluster.AspNetCore.Client;

namespace SessionCluster.AspNetCore.Authentication;

/// <summary>
/// Authenticates a request by its SessionCluster credential: trusted forward-auth identity headers (only from
/// <c>TrustedProxies</c>, only when <c>TrustForwardAuthHeaders</c>), else <c>Authorization: Bearer</c>, else the
/// <c>__Host-sc-access</c> cookie (with the CSRF double-submit check on unsafe methods). Challenges answer 401 with
/// the session code (or redirect a browser navigation to <c>LoginPath</c>), 403 <c>csrf_invalid</c>, 503 for an
/// outage; forbids answer 403 <c>step_up_required</c> (or redirect to <c>StepUpPath</c>) when the AAL2 policy failed.
/// </summary>
public sealed class SessionClusterAuthenticationHandler(
    IOptionsMonitor<SessionClusterAuthenticationOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder)
    : AuthenticationHandler<SessionClusterAuthenticationOptions>(options, loggerFactory, encoder)
{
    /// <summary>The forward-auth identity headers <c>GET /v1/auth</c> answers with.</summary>
    public const string UserHeader = "X-Auth-Request-User";
    /// <summary>The session id header.</summary>
    public const string SessionHeader = "X-Auth-Request-Session";
    /// <summary>The device id header.</summary>
    public const string DeviceHeader = "X-Auth-Request-Device";
    /// <summary>The AAL header (<c>1</c> or <c>2</c>).</summary>
    public const string AalHeader = "X-Auth-Request-Aal";
    /// <summary>The expires-soon header.</summary>
    public const string ExpiresSoonHeader = "X-Auth-Request-Expires-Soon";

    /// <summary>Set on the request by the AAL2 requirement when it failed, so the forbid answers <c>step_up_required</c>.</summary>
    internal const string StepUpItem = "SessionCluster.StepUpRequired";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var request = Request;
        if (Options.TrustForwardAuthHeaders && request.Headers.ContainsKey(UserHeader))
        {
            if (ProxyNetworks.Contains(Options.TrustedProxies, Context.Connection.RemoteIpAddress))
            {
                return FromProxyHeaders(request);
            }
            Log.UntrustedIdentityHeaders(Logger, Context.Connection.RemoteIpAddress?.ToString());
        }

        string? token = null;
        var viaCookie = false;
        if (Options.AcceptBearer && request.Headers.Authorization.ToString() is { } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = authorization[7..].Trim();
        }
        else if (Options.AcceptCookie && request.Cookies[SessionClusterCookies.Access] is { Length: > 0 } cookie)
        {
            token = cookie;
            viaCookie = true;
            if (SessionClusterCookies.IsStateChanging(request.Method) && !SessionClusterCookies.CsrfHolds(request, token))
            {
                return Failed(new AuthenticationFailure(403, "csrf_invalid",
                    $"A call made with the session cookie must send the CSRF token in the {SessionClusterCookies.CsrfHeader} header and the {SessionClusterCookies.Csrf} cookie.", viaCookie));
            }
        }
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        var validator = Context.RequestServices.GetService(typeof(SessionValidator)) as SessionValidator
            ?? throw new InvalidOperationException("AddSessionCluster() registers the SessionCluster services; call it on the AuthenticationBuilder.");
        var outcome = await validator.ValidateAsync(token, ClientOf(Context), Options.CacheValidations, Options.MaxStaleness, Options.MaxCachedSessions, Context.RequestAborted);
        if (outcome.Session is not { } session)
        {
            return Failed(new AuthenticationFailure(outcome.Status, outcome.Code!, outcome.Message!, viaCookie) { RetryAfter = outcome.RetryAfter });
        }
        return Success(session.UserId, session.SessionId, session.DeviceId, session.Aal, session.StepUpRequired, session.ExpiresSoon, viaCookie ? "cookie" : "bearer");
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Features.Get<AuthenticationFailure>()
            ?? new AuthenticationFailure(401, "token_invalid", "A valid session credential is required.", ViaCookie: false);
        if (failure.Status == 401)
        {
            if (failure.ViaCookie && failure.Code is "session_revoked" or "session_expired" or "token_invalid")
            {
                // The session is gone: the browser stops sending dead cookies.
                SessionClusterCookies.Clear(Response);
            }
            if (Options.LoginPath is { } login && WantsHtml(Request))
            {
                Response.Redirect(WithReturnUrl(login, properties));
                return;
            }
            Response.Headers.WWWAuthenticate = failure.Code == "token_invalid" && !Request.Headers.ContainsKey(HeaderNames.Authorization) && !failure.ViaCookie
                ? "Bearer"
                : "Bearer error=\"invalid_token\"";
        }
        await WriteProblemAsync(failure.Status, failure.Code, failure.Message, failure.RetryAfter);
    }

    /// <inheritdoc />
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(StepUpItem))
        {
            if (Options.StepUpPath is { } stepUp && WantsHtml(Request))
            {
                Response.Redirect(WithReturnUrl(stepUp, properties));
                return;
            }
            await WriteProblemAsync(403, "step_up_required", "This needs a session at AAL2; step up (a second factor) first.", null);
            return;
        }
        await WriteProblemAsync(403, "forbidden", "The session may not do this.", null);
    }

    /// <summary>The client of the request as this app sees it (after its forwarded-headers middleware, if any).</summary>
    internal static ClientDetails ClientOf(HttpContext context)
    {
        var ua = context.Request.Headers.UserAgent.ToString();
        return new ClientDetails(context.Connection.RemoteIpAddress?.ToString(), ua.Length == 0 ? null : ua[..Math.Min(ua.Length, 256)]);
    }

    /// <summary>The principal of a session, as the handler builds it.</summary>
    internal static ClaimsPrincipal PrincipalOf(string scheme, string userId, string sessionId, string deviceId, int aal, bool stepUpRequired, bool expiresSoon, string credential)
    {
        // Claims made with their identity as subject: ClaimsIdentity would copy each claim made without one.
        var identity = new ClaimsIdentity(scheme, SessionClusterClaims.UserId, "role");
        Add(identity, SessionClusterClaims.UserId, userId);
        Add(identity, SessionClusterClaims.SessionId, sessionId);
        Add(identity, SessionClusterClaims.DeviceId, deviceId);
        Add(identity, SessionClusterClaims.Aal, aal >= 2 ? "2" : "1", ClaimValueTypes.Integer32);
        Add(identity, SessionClusterClaims.ExpiresSoon, expiresSoon ? "true" : "false", ClaimValueTypes.Boolean);
        Add(identity, SessionClusterClaims.Credential, credential);
        if (stepUpRequired)
        {
            Add(identity, SessionClusterClaims.StepUpRequired, "true", ClaimValueTypes.Boolean);
        }
        return new ClaimsPrincipal(identity);

        static void Add(ClaimsIdentity identity, string type, string value, string valueType = ClaimValueTypes.String) =>
            identity.AddClaim(new Claim(type, value, valueType, ClaimsIdentity.DefaultIssuer, ClaimsIdentity.DefaultIssuer, identity));
    }

    private AuthenticateResult FromProxyHeaders(HttpRequest request)
    {
        var headers = request.Headers;
        return Success(headers[UserHeader].ToString(), headers[SessionHeader].ToString(), headers[DeviceHeader].ToString(),
            headers[AalHeader].ToString() == "2" ? 2 : 1, stepUpRequired: false,
            string.Equals(headers[ExpiresSoonHeader].ToString(), "true", StringComparison.OrdinalIgnoreCase), "proxy");
    }

    private AuthenticateResult Success(string userId, string sessionId, string deviceId, int aal, bool stepUpRequired, bool expiresSoon, string credential) =>
        AuthenticateResult.Success(new AuthenticationTicket(PrincipalOf(Scheme.Name, userId, sessionId, deviceId, aal, stepUpRequired, expiresSoon, credential), Scheme.Name));

    private AuthenticateResult Failed(AuthenticationFailure failure)
    {
        Context.Features.Set(failure);
        return AuthenticateResult.Fail(failure.Code);
    }

    private Task WriteProblemAsync(int status, string code, string title, TimeSpan? retryAfter)
    {
        if (Response.HasStarted)
        {
            return Task.CompletedTask;
        }
        Response.Headers.CacheControl = "no-store";
        if (retryAfter is { } wait)
        {
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        var problem = TypedResults.Problem(title: title, statusCode: status, type: $"urn:sessioncluster:problem:{code}",
            extensions: new Dictionary<string, object?> { ["code"] = code });
        return problem.ExecuteAsync(Context);
    }

    private string WithReturnUrl(string path, AuthenticationProperties properties)
    {
        var back = properties.RedirectUri ?? (Request.PathBase + Request.Path + Request.QueryString).ToString();
        return $"{path}{(path.Contains('?') ? '&' : '?')}{Options.ReturnUrlParameter}={Uri.EscapeDataString(back)}";
    }

    /// <summary>A browser navigation (it asks for HTML), not a script's call.</summary>
    private static bool WantsHtml(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
