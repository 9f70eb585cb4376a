using Microsoft.Extensions.Options;

namespace SessionCluster.Api;

/// <summary>Checks <see cref="RateLimitOptions"/> at start; every message names the setting to fix.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var errors = new List<string>();
        foreach (var (setting, value) in new[]
                 {
                     (nameof(options.CreatesPerMinute), options.CreatesPerMinute),
                     (nameof(options.RefreshesPerMinute), options.RefreshesPerMinute),
                     (nameof(options.EndUserRefreshesPerMinute), options.EndUserRefreshesPerMinute),
                     (nameof(options.FailedValidationsPerMinute), options.FailedValidationsPerMinute),
                     (nameof(options.LinkApprovalFailuresPerSession), options.LinkApprovalFailuresPerSession),
                 })
        {
            if (value <= 0)
            {
                errors.Add($"{RateLimitOptions.SectionName}:{setting} must be a positive number, not {value}.");
            }
        }
        if (options.LinkApprovalFailureWindow <= TimeSpan.Zero)
        {
            errors.Add($"{RateLimitOptions.SectionName}:{nameof(options.LinkApprovalFailureWindow)} must be above zero (e.g. 00:10:00).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
