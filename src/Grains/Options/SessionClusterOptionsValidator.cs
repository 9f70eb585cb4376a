using Microsoft.Extensions.Options;
using SessionCluster.Grains.Domain;

namespace SessionCluster.Grains;

/// <summary>Checks the tenants' configuration at start; every message names the setting to fix.</summary>
public sealed class SessionClusterOptionsValidator : IValidateOptions<SessionClusterOptions>
{
    private const string Sha256Prefix = "sha256:";

    public ValidateOptionsResult Validate(string? name, SessionClusterOptions options)
    {
        var errors = new List<string>();
        var seenKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (tenantId, tenant) in options.Tenants)
        {
            var prefix = $"{SessionClusterOptions.SectionName}:Tenants:{tenantId}";
            if (!SessionToken.IsValidTenantId(tenantId))
            {
                errors.Add($"{prefix}: tenant ids are 1-{SessionToken.MaxTenantIdLength} characters of lowercase letters, digits and '-', not starting with '-'.");
            }
            for (var i = 0; i < tenant.ApiKeys.Count; i++)
            {
                var key = tenant.ApiKeys[i];
                var setting = $"{prefix}:ApiKeys:{i}";
                if (key.StartsWith(Sha256Prefix, StringComparison.Ordinal))
                {
                    var hex = key[Sha256Prefix.Length..];
                    if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
                    {
                        errors.Add($"{setting}: a hashed key is 'sha256:' followed by 64 hex digits.");
                    }
                }
                else if (string.IsNullOrWhiteSpace(key))
                {
                    errors.Add($"{setting}: an API key must not be empty.");
                }
                // Compared as the registry looks keys up, by hash: a plain key in one tenant and its "sha256:" form in
                // another are the same key; plain keys that differ only in case are different keys.
                var hash = key.StartsWith(Sha256Prefix, StringComparison.Ordinal)
                    ? key[Sha256Prefix.Length..].ToLowerInvariant()
                    : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
                if (!seenKeys.TryAdd(hash, tenantId) && seenKeys[hash] != tenantId)
                {
                    errors.Add($"{setting}: the same key is configured for tenant '{seenKeys[hash]}'; a key belongs to exactly one tenant.");
                }
            }
            ValidatePolicy($"{prefix}:Policy", tenant.Policy, errors);
        }
        if (options.Cleanup.SweepInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{SessionClusterOptions.SectionName}:Cleanup:SweepInterval must be at least 00:00:01, not {options.Cleanup.SweepInterval}.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidatePolicy(string prefix, SessionPolicy p, List<string> errors)
    {
        void Positive(string setting, TimeSpan value)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{prefix}:{setting} must be a positive TimeSpan (e.g. 00:30:00), not {value}.");
            }
        }
        void NotNegative(string setting, TimeSpan value)
        {
            if (value < TimeSpan.Zero)
            {
                errors.Add($"{prefix}:{setting} must not be negative, not {value}.");
            }
        }
        Positive(nameof(p.IdleTimeout), p.IdleTimeout);
        Positive(nameof(p.AbsoluteLifetime), p.AbsoluteLifetime);
        Positive(nameof(p.RememberMeLifetime), p.RememberMeLifetime);
        Positive(nameof(p.AccessTokenLifetime), p.AccessTokenLifetime);
        NotNegative(nameof(p.WarningLead), p.WarningLead);
        NotNegative(nameof(p.RefreshReuseGrace), p.RefreshReuseGrace);
        if (p.Aal2IdleTimeout is { } aal2)
        {
            Positive(nameof(p.Aal2IdleTimeout), aal2);
        }
        Positive(nameof(p.RiskIdleTimeout), p.RiskIdleTimeout);
        Positive(nameof(p.DeviceLinkLifetime), p.DeviceLinkLifetime);
        if (p.MaxIdleTimeout is { } maxIdle)
        {
            Positive(nameof(p.MaxIdleTimeout), maxIdle);
        }
        if (p.MaxSessionAge is { } maxAge)
        {
            Positive(nameof(p.MaxSessionAge), maxAge);
        }
        NotNegative(nameof(p.DeadSessionRetention), p.DeadSessionRetention);
        NotNegative(nameof(p.EventRetention), p.EventRetention);
        if (p.MaxSessionsPerUser < 0)
        {
            errors.Add($"{prefix}:{nameof(p.MaxSessionsPerUser)} must be 0 (unlimited) or more, not {p.MaxSessionsPerUser}.");
        }
        if (p.MfaMaxAttempts < 1)
        {
            errors.Add($"{prefix}:{nameof(p.MfaMaxAttempts)} must be at least 1, not {p.MfaMaxAttempts}.");
        }
        Positive(nameof(p.MfaLockout), p.MfaLockout);
        if (p.MfaMaxConsecutiveFailures < p.MfaMaxAttempts || p.MfaMaxConsecutiveFailures > TotpLockout.MostConsecutiveFailures)
        {
            errors.Add($"{prefix}:{nameof(p.MfaMaxConsecutiveFailures)} must be from {nameof(p.MfaMaxAttempts)} ({p.MfaMaxAttempts}) to {TotpLockout.MostConsecutiveFailures} (NIST SP 800-63B), not {p.MfaMaxConsecutiveFailures}.");
        }
        if (p.TotpIssuer is { } issuer && (issuer.Length is 0 or > 64 || issuer.Contains(':', StringComparison.Ordinal)))
        {
            errors.Add($"{prefix}:{nameof(p.TotpIssuer)} must be 1-64 characters without ':'.");
        }
        if (!Enum.IsDefined(p.SessionLimitAction))
        {
            errors.Add($"{prefix}:{nameof(p.SessionLimitAction)} must be RejectNew or EvictOldest.");
        }
    }
}
