using Microsoft.Extensions.Options;

namespace SessionCluster.Hosting.Options;

/// <summary>A dashboard key must be long enough to withstand guessing over HTTP.</summary>
public sealed class AdminDashboardOptionsValidator : IValidateOptions<AdminDashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminDashboardOptions options)
    {
        if (options.AdminKey is { Length: > 0 } key && (key.Length < AdminDashboardOptions.MinimumKeyLength || string.IsNullOrWhiteSpace(key)))
        {
            return ValidateOptionsResult.Fail(
                $"{AdminDashboardOptions.SectionName}:AdminKey must be at least {AdminDashboardOptions.MinimumKeyLength} characters " +
                "(e.g. `openssl rand -base64 32`), or unset to turn the dashboard off.");
        }
        if (options.SensitiveViews && !options.Enabled)
        {
            return ValidateOptionsResult.Fail($"{AdminDashboardOptions.SectionName}:SensitiveViews needs {AdminDashboardOptions.SectionName}:AdminKey (the dashboard is off).");
        }
        return ValidateOptionsResult.Success;
    }
}
