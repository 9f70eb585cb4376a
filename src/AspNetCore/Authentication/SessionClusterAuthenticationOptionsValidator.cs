using Microsoft.Extensions.Options;

namespace SessionCluster.AspNetCore.Authentication;

/// <summary>Checks the handler's settings at start; messages name the <c>SessionCluster:Client</c> key.</summary>
internal sealed class SessionClusterAuthenticationOptionsValidator : IValidateOptions<SessionClusterAuthenticationOptions>
{
    private const string Prefix = SessionClusterClientOptions.Section + ":";

    public ValidateOptionsResult Validate(string? name, SessionClusterAuthenticationOptions options)
    {
        var errors = new List<string>();
        if (options.MaxStaleness <= TimeSpan.Zero || options.MaxStaleness > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{Prefix}MaxStaleness must be more than 0 and at most 00:05:00; got {options.MaxStaleness}.");
        }
        if (options.MaxCachedSessions < 1)
        {
            errors.Add($"{Prefix}MaxCachedSessions must be at least 1; got {options.MaxCachedSessions}.");
        }
        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            if (!ProxyNetworks.TryParse(options.TrustedProxies[i], out _))
            {
                errors.Add($"{Prefix}TrustedProxies:{i} must be an IP address (10.0.0.5) or a network (10.0.0.0/8); got '{options.TrustedProxies[i]}'.");
            }
        }
        if (options.TrustForwardAuthHeaders && options.TrustedProxies.Count == 0)
        {
            errors.Add($"{Prefix}TrustForwardAuthHeaders needs {Prefix}TrustedProxies: the identity headers are believed only from those addresses.");
        }
        foreach (var (key, path) in new[] { ("LoginPath", options.LoginPath), ("StepUpPath", options.StepUpPath) })
        {
            if (path is not null && (!path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal)))
            {
                errors.Add($"{Prefix}{key} must be a local path starting with one '/'; got '{path}'.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
