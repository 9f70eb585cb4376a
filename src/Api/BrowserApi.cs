using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SessionCluster.Api.Contracts;
using SessionCluster.Api.Http;
using SessionCluster.Api.OpenApi;

namespace SessionCluster.Api;

/// <summary>
/// What a browser needs beyond the service endpoints, since it never holds the app's X-Api-Key (additions to the
/// contract; see the README's "In the browser"):
/// <list type="bullet">
/// <item><c>GET /v1/me/devices</c>: the caller's user's devices.</item>
/// <item><c>POST /v1/me/refresh-token {refreshToken}</c>: bearer mode's refresh (cookie mode has <c>/v1/me/refresh</c>).</item>
/// <item><c>POST /v1/me/device-links/approve {userCode}</c>: a signed-in session approves a new device's code (CSRF
/// checked in cookie mode; failures limited per session, approvals per address).</item>
/// <item><c>POST /v1/public/{tenantId}/device-links</c> and <c>…/device-links/poll</c>: the new, signed-out device
/// starts a link and waits for it, only for tenants with <c>Browser:PublicDeviceLinks</c>, limited per address. In
/// cookie mode the link is bound to the starting browser by an HttpOnly cookie and the session arrives as cookies.</item>
/// </list>
/// </summary>
public static class BrowserApi
{
    public const string LinkCookie = "__Host-sc-link";
    public const string PublicLinkStartLimit = "public-link-start";
    public const string PublicLinkPollLimit = "public-link-poll";
    public const int MaxWaitSeconds = 25;
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>Options (validated at start), limiters and the rate-limit policies of the browser endpoints.</summary>
    public static IServiceCollection AddSessionClusterBrowser(this IServiceCollection services)
    {
        services.AddValidatedOptions<BrowserOptions, BrowserOptionsValidator>(SessionClusterOptionsSection);
        services.Configure<RateLimiterOptions>(o =>
        {
            o.AddPolicy(PublicLinkStartLimit, context => PerAddress(context, b => b.PublicLinkStartsPerMinute));
            o.AddPolicy(PublicLinkPollLimit, context => PerAddress(context, b => b.PublicLinkPollsPerMinute));
        });
        return services;
    }

    private const string SessionClusterOptionsSection = "SessionCluster";

    public static IEndpointRouteBuilder MapBrowserApi(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/v1/me").WithTags("Me");
        me.MapGet("/devices", ListMyDevicesAsync).WithName("ListMyDevices").RequireTrustedSession()
            .WithSummary("List my devices")
            .WithDescription("The devices the caller's user has signed in on, with their live sessions.");
        me.MapPost("/refresh-token", RefreshTokenAsync).WithName("RefreshMyTokens").RequireRateLimiting(RateLimits.EndUserRefresh)
            .WithSummary("Refresh my tokens (bearer mode)")
            .WithDescription("Rotates the pair a page holds in memory, with the refresh token in the body (never the URL). Cookie mode uses /v1/me/refresh.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, ErrorCodes.TokenInvalid, ErrorCodes.SessionExpired, ErrorCodes.SessionRevoked, ErrorCodes.RefreshTokenReused);
        me.MapPost("/device-links/approve", ApproveLinkAsync).WithName("ApproveDeviceLinkAsUser").RequireTrustedSession()
            .WithSummary("Approve a device link as the user")
            .WithDescription("The signed-in side of linking, by the user's own session (no API key): the new device's code as typed. Wrong codes are limited per session.")
            .ProducesLinkApprovalProblems();

        var links = routes.MapGroup("/v1/public/{tenantId}/device-links").WithTags("Device links (public)");
        links.MapPost("/", StartPublicLinkAsync).WithName("StartPublicDeviceLink").RequireRateLimiting(PublicLinkStartLimit)
            .WithSummary("Start a device link from a signed-out browser")
            .WithDescription("Tenants with Browser:PublicDeviceLinks only. In cookie mode (default) the link is bound to this browser by an HttpOnly cookie. Limited per address.")
            .ProducesProblems(StatusCodes.Status403Forbidden, ErrorCodes.CsrfInvalid)
            .ProducesProblems(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
        links.MapPost("/poll", PollPublicLinkAsync).WithName("PollPublicDeviceLink").RequireRateLimiting(PublicLinkPollLimit)
            .WithSummary("Poll a device link from the browser that started it")
            .WithDescription("Long poll (waitSeconds 0 to 25). Cookie mode: only the browser holding the link's cookie may collect, and the session arrives as cookies; bearer: the token pair, once.")
            .ProducesProblems(StatusCodes.Status403Forbidden, ErrorCodes.CsrfInvalid)
            .ProducesProblems(StatusCodes.Status404NotFound, ErrorCodes.NotFound, ErrorCodes.LinkNotFound)
            .ProducesEither<PublicLinkCookieDto, PublicLinkBearerDto>();
        return routes;
    }

    public static async Task<Ok<DeviceListDto>> ListMyDevicesAsync(EndUser me, IGrainFactory grains)
    {
        var devices = await ClusterRetry.RunAsync(grains.GetUserGrain(me.TenantId, me.UserId).ListDevicesAsync);
        return TypedResults.Ok(new DeviceListDto([.. devices.Select(DeviceDto.From)]));
    }

    /// <summary>Bearer mode: rotates the pair the page holds in memory. The token is in the body, never the URL.</summary>
    public static async Task<Results<Ok<SessionWithTokensDto>, ProblemHttpResult>> RefreshTokenAsync(CookieRequest request, IGrainFactory grains, HttpContext context)
    {
        var refreshToken = RequestRules.Required("refreshToken", request.RefreshToken);
        if (!SessionClusterClient.TryGetTenant(refreshToken, out var tenantId))
        {
            return ApiProblem.For(SessionError.TokenInvalid);
        }
        var result = await ClusterRetry.RunAsync(() => grains.RefreshAsync(tenantId, refreshToken, EndUser.ClientOf(context)));
        return result.Succeeded ? TypedResults.Ok(new SessionWithTokensDto(result.Session!, result.Tokens!)) : ApiProblem.For(result.Error);
    }

    /// <summary>The signed-in side of linking, by the user's own session (no API key). Wrong codes are limited per session.</summary>
    public static Task<Results<Ok<ApprovedLinkDto>, ProblemHttpResult>> ApproveLinkAsync(
        EndUser me, MyApproveLinkRequest request, IGrainFactory grains, FailedLinkApprovalLimiter failures, HttpResponse response) =>
        LinkApprovals.ApproveAsync(grains, failures, me.TenantId, me.Session, RequestRules.Required("userCode", request.UserCode), response);

    /// <summary>The new device, signed out, starts a link (tenants that opt in only). Its client is what this API sees.</summary>
    public static async Task<Results<Created<DeviceLinkStartDto>, ProblemHttpResult>> StartPublicLinkAsync(
        string tenantId, PublicLinkStartRequest request, IGrainFactory grains, IOptionsMonitor<BrowserOptions> options, HttpContext context)
    {
        if (!OptedIn(options.CurrentValue, tenantId))
        {
            return NotEnabled();
        }
        RequireSameOrigin(context.Request);
        // A browser names and types itself; its id is the service's to make up, never the page's to choose.
        var device = (request.Device?.ToDeviceInfo() ?? new DeviceInfo()) with { Id = null };
        var linkId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var started = await grains.GetDeviceLinkGrain(tenantId, linkId).StartAsync(device, EndUser.ClientOf(context));
        if (request.Cookie ?? true)
        {
            // Only this browser can collect the session: an attacker's link can't be planted into a victim's browser.
            context.Response.Cookies.Append(LinkCookie, linkId, new CookieOptions
            {
                Secure = true,
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                IsEssential = true,
                Expires = started.ExpiresAt + (started.ExpiresAt - DateTimeOffset.UtcNow),
            });
        }
        return TypedResults.Created((string?)null, new DeviceLinkStartDto(started.LinkId, started.UserCode, started.ExpiresAt));
    }

    /// <summary>
    /// Long poll (up to 25 s). Cookie mode (default): only the browser holding the link's cookie may collect, and the
    /// session arrives as the session cookies (script gets the CSRF token, never a token). Bearer: the pair, once.
    /// </summary>
    public static async Task<Results<Ok<PublicLinkCookieDto>, Ok<PublicLinkBearerDto>, ProblemHttpResult>> PollPublicLinkAsync(
        string tenantId, PublicLinkPollRequest request, IGrainFactory grains, IOptionsMonitor<BrowserOptions> options, HttpContext context)
    {
        if (!OptedIn(options.CurrentValue, tenantId))
        {
            return NotEnabled();
        }
        RequireSameOrigin(context.Request);
        var linkId = RequestRules.Required("linkId", request.LinkId);
        var waitSeconds = request.WaitSeconds ?? 0;
        if (waitSeconds is < 0 or > MaxWaitSeconds)
        {
            throw ApiProblem.Validation("waitSeconds", $"waitSeconds must be a whole number from 0 to {MaxWaitSeconds}.");
        }
        var cookieMode = request.Cookie ?? true;
        if (!SessionToken.IsSessionId(linkId) || (cookieMode && !SameText(context.Request.Cookies[LinkCookie], linkId)))
        {
            return LinkNotFound();
        }
        var link = grains.GetDeviceLinkGrain(tenantId, linkId);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(waitSeconds);
        var poll = await link.PollAsync();
        while (poll is { Error: DeviceLinkError.None, Status: DeviceLinkStatus.Pending } && DateTime.UtcNow < deadline)
        {
            await Task.Delay(PollEvery, context.RequestAborted);
            poll = await link.PollAsync();
        }
        if (poll.Error != DeviceLinkError.None)
        {
            return LinkNotFound();
        }
        var status = poll.Status.ToString().ToLowerInvariant();
        if (poll.Session is not { } view || poll.Tokens is not { } tokens)
        {
            return cookieMode ? TypedResults.Ok(new PublicLinkCookieDto(status, null)) : TypedResults.Ok(new PublicLinkBearerDto(status, null));
        }
        if (!cookieMode)
        {
            return TypedResults.Ok(new PublicLinkBearerDto(status, new SessionWithTokensDto(view, tokens)));
        }
        SessionCookies.Write(context.Response, view, tokens);
        context.Response.Cookies.Delete(LinkCookie, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
        return TypedResults.Ok(new PublicLinkCookieDto(status, new CookieSessionDto(view, tokens)));
    }

    private static bool OptedIn(BrowserOptions options, string tenantId) =>
        options.Tenants.TryGetValue(tenantId, out var tenant) && tenant.Browser.PublicDeviceLinks;

    /// <summary>Fetch metadata, when the browser sends it: these calls come from the tenant's own pages only.</summary>
    private static void RequireSameOrigin(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site && site is not ("same-origin" or "none"))
        {
            throw new ApiProblemException(StatusCodes.Status403Forbidden, ErrorCodes.CsrfInvalid, "Device links can only be started from this site's own pages.");
        }
    }

    private static bool SameText(string? a, string b) =>
        a is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static ProblemHttpResult NotEnabled() =>
        ApiProblem.Result(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Public device links are not enabled for this tenant.");

    private static ProblemHttpResult LinkNotFound() =>
        ApiProblem.Result(StatusCodes.Status404NotFound, ErrorCodes.LinkNotFound, "No such device link (or it was already used).");

    private static RateLimitPartition<string> PerAddress(HttpContext context, Func<BrowserLimits, int> permits)
    {
        var limit = permits(context.RequestServices.GetRequiredService<IOptionsMonitor<BrowserOptions>>().CurrentValue.Browser);
        var tenant = context.Request.RouteValues["tenantId"]?.ToString() ?? "";
        var key = $"{tenant}|{context.Connection.RemoteIpAddress}";
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }
}
