using SessionCluster.Grains;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SessionCluster.Api.Contracts;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Api.Http;

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
