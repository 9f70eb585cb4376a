using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using SessionCluster.Hosting.Security;

namespace SessionCluster.Hosting.Options;

/// <summary>
/// Refuses to start with transport security half configured: a certificate that does not load, does not match its
/// key, does not chain to the CA or is not meant for both sides of a handshake; paths given while TLS is off (which
/// would run the cluster in clear while the operator believes otherwise); Redis TLS settings without <c>ssl=true</c>.
/// </summary>
public sealed class ClusterTlsOptionsValidator(IConfiguration configuration) : IValidateOptions<ClusterTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterTlsOptions options)
    {
        var section = ClusterTlsOptions.SectionName;
        var errors = new List<string>();
        if (options.Enabled)
        {
            ValidateMember(options, section, errors);
        }
        else
        {
            foreach (var (key, value) in new[] { ("CertificatePath", options.CertificatePath), ("KeyPath", options.KeyPath), ("CaPath", options.CaPath) })
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    errors.Add($"{section}:{key} is set but {section}:Enabled is not true: cluster connections would run without TLS. Set {section}:Enabled=true, or remove {section}:{key}.");
                }
            }
        }
        if (options.HandshakeTimeout <= TimeSpan.Zero || options.HandshakeTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{section}:HandshakeTimeout must be above zero and at most 00:01:00.");
        }
        ValidateRedis(options, section, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateMember(ClusterTlsOptions options, string section, List<string> errors)
    {
        var certificate = RequiredFile(options.CertificatePath, $"{section}:CertificatePath", "this member's certificate (PEM)", errors);
        var key = RequiredFile(options.KeyPath, $"{section}:KeyPath", "the certificate's private key (PEM)", errors);
        var ca = RequiredFile(options.CaPath, $"{section}:CaPath", "the CA certificate (PEM) every cluster member chains to", errors);
        X509Certificate2Collection? authorities = null;
        if (ca is not null)
        {
            try
            {
                authorities = ClusterCertificates.LoadAuthorities(ca);
                if (authorities.Count == 0)
                {
                    errors.Add($"{section}:CaPath ({ca}) holds no PEM certificate.");
                    authorities = null;
                }
            }
            catch (Exception ex) when (IsLoadFailure(ex))
            {
                errors.Add($"{section}:CaPath ({ca}) is not a PEM certificate: {ex.Message}");
            }
        }
        if (certificate is null || key is null)
        {
            return;
        }
        X509Certificate2 loaded;
        try
        {
            loaded = ClusterCertificates.LoadCertificate(certificate, key);
        }
        catch (Exception ex) when (IsLoadFailure(ex))
        {
            errors.Add($"{section}:CertificatePath ({certificate}) and {section}:KeyPath ({key}) are not a PEM certificate and its private key: {ex.Message}");
            return;
        }
        using (loaded)
        {
            if (authorities is null)
            {
                return;
            }
            // Each member accepts connections (server) and opens them (client) with the same certificate.
            foreach (var (usage, side) in new[] { (ClusterCertificates.ServerAuth, "serverAuth"), (ClusterCertificates.ClientAuth, "clientAuth") })
            {
                if (!ClusterCertificates.ChainsTo(loaded, authorities, usage, out var problem))
                {
                    errors.Add($"{section}:CertificatePath ({loaded.Subject}, valid {loaded.NotBefore:u} to {loaded.NotAfter:u}) is not trusted for {side} by {section}:CaPath: {problem}. " +
                        "It must be signed by that CA, be valid now, and allow both serverAuth and clientAuth (or name no extended key usage).");
                    break;
                }
            }
            foreach (var authority in authorities)
            {
                authority.Dispose();
            }
        }
    }

    private void ValidateRedis(ClusterTlsOptions options, string section, List<string> errors)
    {
        var any = false;
        if (!string.IsNullOrWhiteSpace(options.RedisCaPath))
        {
            any = true;
            if (RequiredFile(options.RedisCaPath, $"{section}:RedisCaPath", "the CA of Redis' server certificate (PEM)", errors) is { } ca)
            {
                try
                {
                    X509CertificateLoader.LoadCertificateFromFile(ca).Dispose();
                }
                catch (Exception ex) when (IsLoadFailure(ex))
                {
                    errors.Add($"{section}:RedisCaPath ({ca}) is not a certificate: {ex.Message}");
                }
            }
        }
        if (!string.IsNullOrWhiteSpace(options.RedisKeyPath) && string.IsNullOrWhiteSpace(options.RedisCertificatePath))
        {
            errors.Add($"{section}:RedisKeyPath is set without {section}:RedisCertificatePath.");
        }
        if (!string.IsNullOrWhiteSpace(options.RedisCertificatePath))
        {
            any = true;
            var certificate = RequiredFile(options.RedisCertificatePath, $"{section}:RedisCertificatePath", "the client certificate for Redis (PEM)", errors);
            var key = string.IsNullOrWhiteSpace(options.RedisKeyPath) ? null : RequiredFile(options.RedisKeyPath, $"{section}:RedisKeyPath", "its private key (PEM)", errors);
            if (certificate is not null && (key is not null || string.IsNullOrWhiteSpace(options.RedisKeyPath)))
            {
                try
                {
                    ClusterCertificates.LoadCertificate(certificate, key).Dispose();
                }
                catch (Exception ex) when (IsLoadFailure(ex))
                {
                    errors.Add($"{section}:RedisCertificatePath ({certificate}) and {section}:RedisKeyPath are not a PEM certificate and its private key: {ex.Message}");
                }
            }
        }
        if (!any)
        {
            return;
        }
        var redis = configuration.GetConnectionString(Microsoft.Extensions.Hosting.SiloHostingExtensions.RedisConnectionName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            errors.Add($"{section}:RedisCaPath / RedisCertificatePath are set but ConnectionStrings:redis is not (embedded mode has no Redis).");
        }
        else if (!UsesSsl(redis))
        {
            errors.Add($"{section}:RedisCaPath / RedisCertificatePath are set but ConnectionStrings:redis does not turn TLS on: add ssl=true (and sslHost=<the name in Redis' certificate>).");
        }
    }

    /// <summary>What loading a PEM file throws for a file that is not what it should be (or cannot be read).</summary>
    private static bool IsLoadFailure(Exception ex) => ex is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException;

    private static bool UsesSsl(string redis)
    {
        try
        {
            return StackExchange.Redis.ConfigurationOptions.Parse(redis).Ssl;
        }
        catch (ArgumentException)
        {
            return false; // malformed: the connection itself reports it
        }
    }

    private static string? RequiredFile(string? path, string key, string what, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"{key} must name {what}.");
            return null;
        }
        if (!File.Exists(path))
        {
            errors.Add($"{key}: {path} does not exist or cannot be read ({what}).");
            return null;
        }
        return path;
    }
}
