using Microsoft.Extensions.Options;

namespace SessionCluster.Grains;

/// <summary>Checks <c>SessionCluster:Events</c> at start; every message names the setting to fix.</summary>
public sealed class EventsOptionsValidator : IValidateOptions<EventsOptions>
{
    public const int MaxFeedPartitions = 64;

    public ValidateOptionsResult Validate(string? name, EventsOptions options)
    {
        var errors = new List<string>();
        var prefix = EventsOptions.SectionName;
        if (options.FeedPartitions is < 1 or > MaxFeedPartitions)
        {
            errors.Add($"{prefix}:{nameof(options.FeedPartitions)} must be from 1 to {MaxFeedPartitions}, not {options.FeedPartitions}.");
        }
        void Positive(string setting, TimeSpan value)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{prefix}:{setting} must be a positive TimeSpan (e.g. 00:00:10), not {value}.");
            }
        }
        Positive(nameof(options.FeedRetention), options.FeedRetention);
        Positive(nameof(options.WebhookRetryWindow), options.WebhookRetryWindow);
        Positive(nameof(options.WebhookTimeout), options.WebhookTimeout);
        Positive(nameof(options.WebhookMaxBackoff), options.WebhookMaxBackoff);
        Positive(nameof(options.WebhookProbeInterval), options.WebhookProbeInterval);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
