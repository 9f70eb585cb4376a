using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Grains;

/// <summary>
/// Checks every tenant's webhooks at start (<c>SessionCluster:Tenants:{t}:Webhooks:{name}</c>): a usable name, an
/// absolute HTTPS URL (HTTP only in Development), a Standard Webhooks secret, known types. A bad endpoint stops the
/// start instead of failing every delivery later; every message names the key to fix.
/// </summary>
public sealed partial class WebhookOptionsValidator(IHostEnvironment environment) : IValidateOptions<SessionClusterOptions>
{
    public const string SecretPrefix = "whsec_";

    public ValidateOptionsResult Validate(string? name, SessionClusterOptions options)
    {
        var errors = new List<string>();
        foreach (var (tenantId, tenant) in options.Tenants)
        {
            foreach (var (hook, webhook) in tenant.Webhooks)
            {
                var prefix = $"{SessionClusterOptions.SectionName}:Tenants:{tenantId}:Webhooks:{hook}";
                if (!NamePattern().IsMatch(hook))
                {
                    errors.Add($"{prefix}: a webhook name is 1-64 characters of lowercase letters, digits, '-' and '_', starting with a letter or digit.");
                }
                if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
                {
                    errors.Add($"{prefix}:Url must be an absolute https:// URL, not '{webhook.Url}'.");
                }
                else if (url.Scheme != Uri.UriSchemeHttps && !environment.IsDevelopment())
                {
                    errors.Add($"{prefix}:Url must use https:// outside Development (events carry user ids and addresses), not '{url.Scheme}'.");
                }
                if (!IsSecret(webhook.Secret))
                {
                    errors.Add($"{prefix}:Secret must be '{SecretPrefix}' followed by the base64 of 24 to 64 random bytes (as Standard Webhooks issues them).");
                }
                if (EventTypeFilter.TryCreate(webhook.Types, out var unknown) is null)
                {
                    errors.Add($"{prefix}:Types: '{unknown}' is no event type nor a prefix of one ending in '.' (known: {string.Join(", ", EventTypes.All)}).");
                }
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The signing key's bytes (the secret is validated at start).</summary>
    public static byte[] KeyOf(string secret) => Convert.FromBase64String(secret[SecretPrefix.Length..]);

    private static bool IsSecret(string? secret)
    {
        if (secret is null || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        var buffer = new byte[secret.Length];
        return Convert.TryFromBase64String(secret[SecretPrefix.Length..], buffer, out var length) && length is >= 24 and <= 64;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();
}
