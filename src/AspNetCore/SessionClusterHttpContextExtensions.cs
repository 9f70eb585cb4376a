using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using SessionCluster.AspNetCore;
using SessionCluster.AspNetCore.Authentication;
using SessionCluster.AspNetCore.Caching;
using SessionCluster.AspNetCore.Client;

namespace Microsoft.AspNetCore.Http;

/// <summary>Sign-in and sign-out for apps that do their own login.</summary>
public static class SessionClusterHttpContextExtensions
{
    /// <summary>
    /// Opens a SessionCluster session for <paramref name="userId"/> (whom the app has just authenticated) with the
    /// request's client address and user agent, and sets the cookies exactly as the API's cookie mode does. The
    /// request's <c>User</c> becomes the new session's principal. Throws <see cref="SessionClusterException"/> (e.g.
    /// 409 <c>session_limit_reached</c>) or <see cref="SessionClusterUnavailableException"/>; nothing is set then.
    /// </summary>
    public static async Task<IssuedSession> SignInToSessionClusterAsync(this HttpContext context, string userId, SignInOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var client = context.RequestServices.GetRequiredService<ISessionClusterClient>();
        var issued = await client.CreateSessionAsync(new NewSession
        {
            UserId = userId,
            Device = options?.Device,
            Client = SessionClusterAuthenticationHandler.ClientOf(context),
            Data = options?.Data,
            RememberMe = options?.RememberMe ?? false,
            Aal = options?.Aal ?? 1,
        }, cancellationToken).ConfigureAwait(false);
        SessionClusterCookies.Write(context.Response, issued);
        context.User = SessionClusterAuthenticationHandler.PrincipalOf(SessionClusterDefaults.AuthenticationScheme,
            issued.UserId, issued.SessionId, issued.DeviceId, issued.Aal, issued.StepUpRequired, issued.ExpiresSoon, "cookie");
        return issued;
    }

    /// <summary>
    /// Revokes the request's own session (only one its credential proves: an unproven cookie revokes nothing) — or, with
    /// <paramref name="everywhere"/>, every session of its user — evicts it from this process's cache and clears the
    /// cookies. An outage throws <see cref="SessionClusterUnavailableException"/> and leaves the cookies, so the user
    /// can try again rather than believe they are signed out.
    /// </summary>
    public static async Task SignOutOfSessionClusterAsync(this HttpContext context, bool everywhere = false, CancellationToken cancellationToken = default)
    {
        var user = context.User;
        if (user.FindFirst(SessionClusterClaims.SessionId) is null)
        {
            var result = await context.AuthenticateAsync(SessionClusterDefaults.AuthenticationScheme).ConfigureAwait(false);
            if (result.Failure is not null && context.Features.Get<AuthenticationFailure>() is { Status: 503 or 429 } outage)
            {
                throw new SessionClusterUnavailableException($"SessionCluster could not confirm the session to sign out ({outage.Code}).");
            }
            user = result.Principal ?? user;
        }
        var sessionId = user.FindFirst(SessionClusterClaims.SessionId)?.Value;
        var userId = user.FindFirst(SessionClusterClaims.UserId)?.Value;
        if (sessionId is { Length: > 0 } && userId is { Length: > 0 })
        {
            var client = context.RequestServices.GetRequiredService<ISessionClusterClient>();
            var cache = context.RequestServices.GetRequiredService<ValidationCache>();
            if (everywhere)
            {
                await client.RevokeUserSessionsAsync(userId, cancellationToken: cancellationToken).ConfigureAwait(false);
                cache.EvictUser(userId);
            }
            else
            {
                await client.RevokeSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
                cache.EvictSession(sessionId);
            }
        }
        SessionClusterCookies.Clear(context.Response);
        context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
    }
}
