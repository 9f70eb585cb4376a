using Microsoft.Extensions.Options;

namespace SessionCluster.Grains;

/// <summary>Refuses to start without a usable key: data could otherwise neither be written safely nor read back.</summary>
public sealed class EncryptionOptionsValidator : IValidateOptions<EncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, EncryptionOptions options)
    {
        var section = EncryptionOptions.SectionName;
        var errors = new List<string>();
        if (options.Keys.Count == 0)
        {
            errors.Add($"{section}:Keys must hold at least one key in cluster mode: {section}:Keys:<id> = 32 random bytes in base64 (e.g. `openssl rand -base64 32`), the same on every silo.");
        }
        foreach (var (id, value) in options.Keys)
        {
            if (id.Length is 0 or > EncryptionOptions.MaxKeyIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                errors.Add($"{section}:Keys:{id}: a key id is 1-{EncryptionOptions.MaxKeyIdLength} characters of letters, digits, '-', '_' or '.'.");
            }
            if (!EncryptionOptions.TryDecodeKey(value, out _))
            {
                errors.Add($"{section}:Keys:{id} must be exactly {EncryptionOptions.KeyBytes} bytes in base64.");
            }
        }
        if (options.Keys.Count > 1 && options.ActiveKeyId is null)
        {
            errors.Add($"{section}:ActiveKeyId must name the key new data is sealed with when there are several keys.");
        }
        if (options.ActiveKeyId is { } active && !options.Keys.ContainsKey(active))
        {
            errors.Add($"{section}:ActiveKeyId '{active}' is not one of {section}:Keys.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
