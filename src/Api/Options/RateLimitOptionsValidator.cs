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
                     (nameof(options.FailedValidationsPerMinute), options.FailedValidationsPerMinute),
                     (nameof(options.LinkApprovalsPerMinute), options.LinkApprovalsPerMinute),
                 })
        {
            if (value <= 0)
            {
                errors.Add($"{RateLimitOptions.SectionName}:{setting} must be a positive number of permits per minute, not {value}.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
