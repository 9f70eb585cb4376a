using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using SessionCluster.Api.Contracts;
using SessionCluster.Api.Http;
using SessionCluster.Api.OpenApi;

namespace SessionCluster.Api;

/// <summary>
/// /v1/auth: forward auth for reverse proxies (nginx <c>auth_request</c>, Caddy <c>forward_auth</c>, Traefik
/// ForwardAuth, Envoy <c>ext_authz</c> over HTTP, Oathkeeper). The proxy holds the tenant's API key and passes on the
/// end user's credential and request; the answer is 200 with identity headers, 401 or 403 — the only statuses every
/// one of these proxies understands (nginx turns anything else into a 500) — or 429/503 for limits and outages.
/// It is a validate (activity, risk signals), so it is kept cheap: headers in, headers out, no body.
/// </summary>
public static class ForwardAuthApi
{
    public const string UserHeader = "X-Auth-Request-User";
    public const string SessionHeader = "X-Auth-Request-Session";
    public const string DeviceHeader = "X-Auth-Request-Device";
    public const string AalHeader = "X-Auth-Request-Aal";
    public const string ExpiresSoonHeader = "X-Auth-Request-Expires-Soon";

    /// <summary>The original request, as Caddy, Traefik and our nginx recipe name it; then nginx's documented names.</summary>
    private const string ForwardedMethod = "X-Forwarded-Method";
    private const string OriginalMethod = "X-Original-Method";
    private const string ForwardedUri = "X-Forwarded-Uri";
    private const string OriginalUri = "X-Original-URI";
    private const string ForwardedFor = "X-Forwarded-For";

    private const int MaxUrlLength = 2048;

    /// <summary>
    /// Every method: Envoy and Oathkeeper send the check with the original request's method (Caddy, Traefik and
    /// nginx send GET and name the original method in a header).
    /// </summary>
    private static readonly string[] Methods =
        [HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete, HttpMethods.Options];

    public static RouteGroupBuilder MapForwardAuthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/auth").WithTags("ForwardAuth");
        group.MapMethods("/", Methods, AuthorizeAsync).WithName("ForwardAuth")
            .WithSecurity(ApiSecurity.ProxyForEndUser)
            .WithSummary("Forward auth for a reverse proxy")
            .WithDescription("Called by the proxy for every request it protects, with the tenant's X-Api-Key and the user's bearer token or access cookie " +
                "(plus X-Forwarded-For, User-Agent and the original method and URI). 200 with the identity headers X-Auth-Request-User, -Session, -Device, " +
                "-Aal and -Expires-Soon (and with format=json the identity as a body); 401 with WWW-Authenticate; 403 step_up_required or csrf_invalid. " +
                "With login, a browser navigation's 401 becomes a 302 to the login page (or, loginStatus=401, the 401 with Location). Counts as activity. " +
                "Every method is accepted, as Envoy and Oathkeeper send the original one.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, ErrorCodes.ApiKeyInvalid, ErrorCodes.TokenInvalid, ErrorCodes.AccessTokenExpired,
                ErrorCodes.SessionExpired, ErrorCodes.SessionRevoked)
            .ProducesProblems(StatusCodes.Status403Forbidden, ErrorCodes.StepUpRequired, ErrorCodes.CsrfInvalid)
            .ProducesProblems(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed)
            .ProducesProblems(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited)
            .Produces<ForwardAuthIdentityDto>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status302Found)
            .AddOpenApiOperationTransformer(ForwardAuthOpenApi.DescribeHeadersAsync);
        return group;
    }

    public static async Task<Results<Ok, JsonHttpResult<ForwardAuthIdentityDto>, ProblemHttpResult, RedirectHttpResult, EmptyHttpResult>> AuthorizeAsync(
        HttpContext context, ApiKeyRegistry keys, IGrainFactory grains, ApiMetrics metrics, FailedValidationLimiter failures)
    {
        var request = context.Request;
        var response = context.Response;
        // Every answer here is about one user at one moment: nothing in between may keep it.
        response.Headers.CacheControl = "no-store";
        if (!keys.TryGetTenant(request.Headers[ServiceCaller.HeaderName], out var tenantId, out _))
        {
            return ApiProblem.Result(StatusCodes.Status401Unauthorized, ErrorCodes.ApiKeyInvalid, "A valid X-Api-Key header is required.");
        }
        // Bad options are the proxy's configuration, not the user's: refused before anything is touched.
        var options = Options.Default;
        if (request.QueryString.HasValue && !Options.TryRead(request.Query, out options, out var invalid))
        {
            return invalid;
        }
        var client = ClientOf(context, out var address);
        var failureKey = address is null ? (CallerId?)null : new CallerId(tenantId, address);
        if (!failures.MayTry(failureKey))
        {
            await RateLimits.WriteRejectionAsync(context, TimeSpan.FromMinutes(1));
            return TypedResults.Empty;
        }

        var token = BearerToken(request.Headers.Authorization);
        if (token is null && request.Cookies[SessionCookies.Access] is { Length: > 0 } cookie)
        {
            token = cookie;
            if (SessionCookies.IsStateChanging(OriginalMethodOf(request)) && !SessionCookies.CsrfHolds(request, token))
            {
                var csrf = SessionCookies.CsrfProblem();
                return ApiProblem.Result(csrf.Status, csrf.Code, csrf.Message);
            }
        }
        if (token is null)
        {
            return Unauthorized(context, options, SessionError.TokenInvalid, challenge: "Bearer");
        }

        var started = Stopwatch.GetTimestamp();
        SessionResult result;
        try
        {
            // Called directly first: the retry helper's closure and extra async frame are a cost on every request.
            result = await grains.ValidateAsync(tenantId, token, client);
        }
        catch (Exception ex) when (ClusterErrors.IsUnavailable(ex))
        {
            result = await ClusterRetry.RunAsync(() => grains.ValidateAsync(tenantId, token, client));
        }
        metrics.Validated(started, result.Error);
        if (!result.Succeeded)
        {
            failures.Failed(failureKey, result.Error);
            return Unauthorized(context, options, result.Error, challenge: "Bearer error=\"invalid_token\"");
        }
        var session = result.Session!;
        if (session.StepUpRequired || session.Aal < options.Aal)
        {
            return ApiProblem.Result(StatusCodes.Status403Forbidden, ErrorCodes.StepUpRequired,
                session.StepUpRequired
                    ? "The session must step up (a second factor) before it is trusted again."
                    : $"This route needs a session at AAL{options.Aal}; step up first.");
        }

        var headers = response.Headers;
        headers[UserHeader] = HeaderValue(session.UserId);
        headers[SessionHeader] = session.SessionId;
        headers[DeviceHeader] = HeaderValue(session.Device.Id ?? "");
        headers[AalHeader] = session.Aal >= 2 ? "2" : "1";
        headers[ExpiresSoonHeader] = session.ExpiresSoon ? "true" : "false";
        return options.Json
            ? TypedResults.Json(new ForwardAuthIdentityDto(session), ForwardAuthJsonContext.Default.ForwardAuthIdentityDto)
            : TypedResults.Ok();
    }

    /// <summary>
    /// A 401 with its challenge; for a browser navigation with <c>login</c>, the way to the login page instead:
    /// a 302, or (<c>loginStatus=401</c>, for nginx) the 401 with the same <c>Location</c> for the proxy to redirect to.
    /// </summary>
    private static Results<Ok, JsonHttpResult<ForwardAuthIdentityDto>, ProblemHttpResult, RedirectHttpResult, EmptyHttpResult> Unauthorized(
        HttpContext context, Options options, SessionError error, string challenge)
    {
        var (code, title) = error switch
        {
            SessionError.AccessTokenExpired => (ErrorCodes.AccessTokenExpired, "The access token has expired; refresh it."),
            SessionError.SessionExpired => (ErrorCodes.SessionExpired, "The session has expired."),
            SessionError.SessionRevoked => (ErrorCodes.SessionRevoked, "The session has been revoked."),
            // Anything else a validate can say about a credential (unknown, forged, another tenant's) is token_invalid.
            _ => (ErrorCodes.TokenInvalid, "A valid session credential is required."),
        };
        if (options.Login is { } login && WantsHtml(context.Request))
        {
            var location = LoginLocation(login, context.Request);
            if (!options.LoginAs401)
            {
                return TypedResults.Redirect(location);
            }
            context.Response.Headers.Location = location;
        }
        context.Response.Headers.WWWAuthenticate = challenge;
        return ApiProblem.Result(StatusCodes.Status401Unauthorized, code, title);
    }

    /// <summary>
    /// The login URL with the original path and query as <c>rd</c>, when the proxy named a local one (a path, never
    /// another origin: the login page may send the user back there without checking more than that it is a path).
    /// </summary>
    private static string LoginLocation(string login, HttpRequest request)
    {
        var original = FirstValue(request.Headers[ForwardedUri]) ?? FirstValue(request.Headers[OriginalUri]);
        if (!IsLocalPath(original))
        {
            return login;
        }
        return string.Concat(login, login.Contains('?', StringComparison.Ordinal) ? "&rd=" : "?rd=", Uri.EscapeDataString(original!));
    }

    private static bool WantsHtml(HttpRequest request)
    {
        foreach (var accept in request.Headers.Accept)
        {
            if (accept is not null && accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static string OriginalMethodOf(HttpRequest request) =>
        FirstValue(request.Headers[ForwardedMethod]) ?? FirstValue(request.Headers[OriginalMethod]) ?? request.Method;

    /// <summary>
    /// The end user as the proxy reports them: the first hop of <c>X-Forwarded-For</c> (the proxy holds the API key,
    /// so it is trusted to say who it serves; it must set the header, not append to the client's) and the user agent.
    /// Without a parsable header, the connection's address.
    /// </summary>
    private static ClientInfo ClientOf(HttpContext context, out IPAddress? address)
    {
        address = context.Connection.RemoteIpAddress;
        if (FirstValue(context.Request.Headers[ForwardedFor]) is { } forwarded)
        {
            var comma = forwarded.IndexOf(',', StringComparison.Ordinal);
            var first = (comma < 0 ? forwarded.AsSpan() : forwarded.AsSpan(0, comma)).Trim();
            if (IPAddress.TryParse(first, out var parsed))
            {
                address = parsed;
            }
        }
        var userAgent = context.Request.Headers.UserAgent.ToString();
        return new ClientInfo
        {
            Ip = address?.ToString(),
            // Truncated, not refused: a browser cannot choose its user agent.
            UserAgent = userAgent.Length == 0 ? null : userAgent.Length > RequestRules.MaxTextLength ? userAgent[..RequestRules.MaxTextLength] : userAgent,
        };
    }

    private static string? BearerToken(StringValues authorization)
    {
        var header = FirstValue(authorization);
        return header is { Length: > 7 } && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    private static string? FirstValue(StringValues values) => values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];

    /// <summary>Characters a header value carries as they are; everything else (and '%') is percent-encoded UTF-8.</summary>
    private static readonly SearchValues<char> HeaderSafe = SearchValues.Create(
        "!\"#$&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>
    /// Ids are 1–256 characters of any kind but control characters, header values are visible ASCII: an id of
    /// visible ASCII without '%' goes as it is (the common case, no copy), any other is percent-encoded UTF-8, so
    /// percent-decoding the header always gives the id back exactly.
    /// </summary>
    internal static string HeaderValue(string id)
    {
        if (id.AsSpan().IndexOfAnyExcept(HeaderSafe) < 0)
        {
            return id;
        }
        var builder = new StringBuilder(id.Length * 3);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in id.EnumerateRunes())
        {
            if (rune.IsAscii && HeaderSafe.Contains((char)rune.Value))
            {
                builder.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    /// <summary>A path on this origin: one leading '/', not "//" or "/\" (which browsers read as another host).</summary>
    private static bool IsLocalPath(string? value) =>
        value is { Length: > 0 and <= MaxUrlLength }
        && value[0] == '/'
        && (value.Length == 1 || (value[1] != '/' && value[1] != '\\'))
        && !value.AsSpan().ContainsAny(Forbidden);

    private static readonly SearchValues<char> Forbidden = SearchValues.Create(
        "\\ \t\r\n\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    /// <summary>The query: what the proxy's configuration asks of this route.</summary>
    private sealed record Options(int Aal, string? Login, bool LoginAs401, bool Json)
    {
        public static readonly Options Default = new(1, null, false, false);

        /// <summary>Reads the options; a bad one is a 400 naming it (answered as a result, so a browser's Accept still gets the body).</summary>
        public static bool TryRead(IQueryCollection query, out Options options, [NotNullWhen(false)] out ProblemHttpResult? problem)
        {
            options = Default;
            problem = null;
            var aal = query["aal"].ToString() switch
            {
                "" or "1" => 1,
                "2" => 2,
                _ => 0,
            };
            if (aal == 0)
            {
                problem = Invalid("aal", "aal must be 1 or 2.");
                return false;
            }
            var login = query["login"].ToString();
            if (login.Length > 0 && !IsLoginUrl(login))
            {
                problem = Invalid("login",
                    $"login must be a path on this origin (/login) or an absolute http(s) URL without user info or fragment, at most {MaxUrlLength} characters.");
                return false;
            }
            var loginStatus = query["loginStatus"].ToString();
            if (loginStatus is not ("" or "302" or "401"))
            {
                problem = Invalid("loginStatus", "loginStatus must be 302 (a redirect) or 401 (the 401 with Location, for nginx).");
                return false;
            }
            var format = query["format"].ToString();
            if (format is not ("" or "json"))
            {
                problem = Invalid("format", "format must be json (or absent: headers only).");
                return false;
            }
            options = new Options(aal, login.Length > 0 ? login : null, loginStatus == "401", format == "json");
            return true;
        }

        private static ProblemHttpResult Invalid(string field, string message) =>
            ApiProblem.Result(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "The request is not valid.",
                new Dictionary<string, string[]> { [field] = [message] });

        /// <summary>
        /// Where a browser may be sent: a local path, or an absolute http(s) URL. Never another scheme
        /// (<c>javascript:</c>, <c>data:</c>), user info (<c>https://app@evil</c>), a fragment or a backslash.
        /// </summary>
        private static bool IsLoginUrl(string login)
        {
            if (login.Length > MaxUrlLength || login.AsSpan().ContainsAny(Forbidden) || login.Contains('#', StringComparison.Ordinal))
            {
                return false;
            }
            if (login[0] == '/')
            {
                return IsLocalPath(login);
            }
            return Uri.TryCreate(login, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                && uri.UserInfo.Length == 0
                && uri.Host.Length > 0;
        }
    }
}
