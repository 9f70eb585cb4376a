using Microsoft.Extensions.Options;

namespace SessionCluster.Hosting.Storage;

/// <summary>How grain state writes are made durable (<c>SessionCluster:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "SessionCluster:Storage";

    /// <summary>
    /// 0: a write is acknowledged once the primary took it (and, with AOF <c>appendfsync always</c>, its disk).
    /// N &gt; 0: only once Redis <c>WAIT</c> confirms N replicas have it, so it survives losing the primary.
    /// </summary>
    public int ReplicasToAck { get; set; }

    /// <summary>How long a write waits for its replicas before it is refused (<c>storage_unavailable</c>).</summary>
    public TimeSpan ReplicaAckTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest one storage call may take before it is refused. While Redis is unreachable calls fail at once
    /// (no backlog); this bounds a Redis that is reachable but does not answer.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Checks <see cref="StorageOptions"/> at start; every message names the setting to fix.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var section = StorageOptions.SectionName;
        var errors = new List<string>();
        if (options.ReplicasToAck is < 0 or > 16)
        {
            errors.Add($"{section}:ReplicasToAck must be between 0 and 16 (replicas a write must reach before it is acknowledged).");
        }
        if (options.ReplicaAckTimeout <= TimeSpan.Zero || options.ReplicaAckTimeout > TimeSpan.FromSeconds(30))
        {
            errors.Add($"{section}:ReplicaAckTimeout must be above zero and at most 00:00:30.");
        }
        if (options.OperationTimeout < TimeSpan.FromMilliseconds(50) || options.OperationTimeout > TimeSpan.FromSeconds(30))
        {
            errors.Add($"{section}:OperationTimeout must be between 00:00:00.05 and 00:00:30.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
