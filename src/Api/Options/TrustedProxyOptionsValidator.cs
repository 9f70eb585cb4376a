using Microsoft.Extensions.Options;

namespace SessionCluster.Api;

internal sealed class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            if (!TrustedProxyOptions.TryParse(options.TrustedProxies[i], out _))
            {
                errors.Add($"{TrustedProxyOptions.Key}:{i} must be an IP address (10.0.0.5) or a network (10.0.0.0/8); got '{options.TrustedProxies[i]}'.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
