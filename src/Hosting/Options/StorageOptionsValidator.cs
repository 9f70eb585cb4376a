using Microsoft.Extensions.Options;

namespace SessionCluster.Hosting;

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
