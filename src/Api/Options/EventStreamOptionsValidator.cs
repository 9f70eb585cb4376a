using Microsoft.Extensions.Options;

namespace SessionCluster.Api;

/// <summary>Checks <see cref="EventStreamOptions"/> at start; every message names the setting to fix.</summary>
public sealed class EventStreamOptionsValidator : IValidateOptions<EventStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, EventStreamOptions options)
    {
        var errors = new List<string>();
        if (options.RenewInterval <= TimeSpan.Zero || options.RenewInterval >= EventHistory.ListenerLifetime)
        {
            errors.Add($"{EventStreamOptions.SectionName}:RenewInterval must be above zero and under {EventHistory.ListenerLifetime} " +
                "(the user grain forgets a listener that has not renewed within that).");
        }
        if (options.HeartbeatInterval <= TimeSpan.Zero)
        {
            errors.Add($"{EventStreamOptions.SectionName}:HeartbeatInterval must be above zero.");
        }
        if (options.MaxStreamsPerSession < 1 || options.MaxStreamsPerUser < options.MaxStreamsPerSession)
        {
            errors.Add($"{EventStreamOptions.SectionName}:MaxStreamsPerSession must be at least 1 and MaxStreamsPerUser at least as many.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
