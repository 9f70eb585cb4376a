using Microsoft.Extensions.Logging;
using SessionCluster.AspNetCore.Client;

namespace SessionCluster.AspNetCore.Caching;

/// <summary>
/// Validates an access token: from the cache when it is on and holds a fresh entry, else with the cluster. An outage
/// (or the cluster refusing the app's own key) is a 503 failure, never a 401: only the session codes end a session.
/// </summary>
internal sealed class SessionValidator(ISessionClusterClient client, ValidationCache cache, ILogger<SessionValidator> logger)
{
    public async ValueTask<ValidationOutcome> ValidateAsync(string accessToken, ClientDetails? clientDetails, bool useCache, TimeSpan maxStaleness, int maxEntries, CancellationToken cancellationToken)
    {
        TokenKey? key = null;
        if (useCache)
        {
            key = ValidationCache.KeyOf(accessToken);
            if (cache.TryGet(key.Value, maxStaleness, out var cached))
            {
                return ValidationOutcome.Valid(cached, fromCache: true);
            }
        }
        var startedAt = cache.Now;
        try
        {
            var session = await client.ValidateAsync(accessToken, clientDetails, cancellationToken).ConfigureAwait(false);
            if (key is not null)
            {
                cache.Put(key.Value, session, startedAt, maxEntries);
            }
            return ValidationOutcome.Valid(session, fromCache: false);
        }
        catch (SessionClusterUnavailableException ex)
        {
            Log.ValidationUnavailable(logger, ex.Code, 503, ex);
            return ValidationOutcome.Failed(503, "cluster_unavailable", "SessionCluster is unavailable; try again shortly.", ex.RetryAfter ?? TimeSpan.FromSeconds(1));
        }
        catch (SessionClusterException ex)
        {
            if (key is not null)
            {
                cache.Remove(key.Value);
            }
            if (ex.Status == 401 && ex.Code is "token_invalid" or "session_expired" or "session_revoked" or "access_token_expired")
            {
                return ValidationOutcome.Failed(401, ex.Code, ex.Message);
            }
            if (ex.Status == 429)
            {
                Log.ValidationUnavailable(logger, ex.Code, 429, ex);
                return ValidationOutcome.Failed(429, "rate_limited", "Too many validations; retry after the time in Retry-After.", ex.RetryAfter ?? TimeSpan.FromSeconds(1));
            }
            if (ex.Code == "api_key_invalid")
            {
                // The app's own configuration is wrong: its users are not signed out for it.
                Log.ApiKeyRefused(logger, ex.Code);
                return ValidationOutcome.Failed(503, "cluster_unavailable", "SessionCluster refused this app's API key.", TimeSpan.FromSeconds(5));
            }
            // A 400 (e.g. a token too long to be one) says the credential is not good.
            Log.UnexpectedValidationAnswer(logger, ex.Status, ex.Code);
            return ValidationOutcome.Failed(401, "token_invalid", "A valid session credential is required.");
        }
    }
}
