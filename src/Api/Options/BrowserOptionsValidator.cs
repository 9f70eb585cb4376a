using Microsoft.Extensions.Options;

namespace SessionCluster.Api;

internal sealed class BrowserOptionsValidator : IValidateOptions<BrowserOptions>
{
    public ValidateOptionsResult Validate(string? name, BrowserOptions options)
    {
        var errors = new List<string>();
        var limits = options.Browser;
        if (limits.PublicLinkStartsPerMinute <= 0)
        {
            errors.Add("SessionCluster:Browser:PublicLinkStartsPerMinute must be a positive number.");
        }
        if (limits.PublicLinkPollsPerMinute <= 0)
        {
            errors.Add("SessionCluster:Browser:PublicLinkPollsPerMinute must be a positive number.");
        }
        foreach (var (tenantId, tenant) in options.Tenants)
        {
            if (tenant.Browser.PublicDeviceLinks && tenant.ApiKeys.Count == 0)
            {
                errors.Add($"SessionCluster:Tenants:{tenantId}:Browser:PublicDeviceLinks is on, but tenant '{tenantId}' has no ApiKeys: is the tenant id spelled as configured?");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
