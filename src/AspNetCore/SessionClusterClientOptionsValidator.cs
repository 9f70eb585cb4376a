using Microsoft.Extensions.Options;

namespace SessionCluster.AspNetCore;

/// <summary>Checks <c>SessionCluster:Client</c> at start; each message names the key to fix.</summary>
internal sealed class SessionClusterClientOptionsValidator : IValidateOptions<SessionClusterClientOptions>
{
    private const string Prefix = SessionClusterClientOptions.Section + ":";

    public ValidateOptionsResult Validate(string? name, SessionClusterClientOptions options)
    {
        var errors = new List<string>();
        if (options.Transport == SessionClusterTransport.Http)
        {
            if (options.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{Prefix}BaseUrl must be the absolute http(s) address of the SessionCluster API (e.g. http://127.0.0.1:5080).");
            }
            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                errors.Add($"{Prefix}ApiKey must be set to the tenant's API key (the X-Api-Key the API was configured with).");
            }
        }
        else if (options.TenantId is null || !SessionToken.IsValidTenantId(options.TenantId))
        {
            errors.Add($"{Prefix}TenantId must name the tenant (1–63 of a-z 0-9 -) when {Prefix}Transport is Orleans.");
        }
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{Prefix}Timeout must be more than 0 and at most 00:01:00; got {options.Timeout}.");
        }
        if (options.MaxRetries is < 0 or > 10)
        {
            errors.Add($"{Prefix}MaxRetries must be 0–10; got {options.MaxRetries}.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
