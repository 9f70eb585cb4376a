using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;
using SessionCluster.Hosting.Options;

namespace SessionCluster.Hosting.Security;

/// <summary>
/// The cluster member's certificate and the CA its peers must chain to, loaded once from the PEM files that
/// <see cref="ClusterTlsOptions"/> names, and the Orleans TLS settings for the two sides of a connection. A peer is
/// trusted when its certificate chains to that CA alone (not to the system's roots) and is meant for its side of the
/// handshake (serverAuth for the one accepting, clientAuth for the one connecting). Names are not checked: silos and
/// clients reach each other by address, and membership is what the CA vouches for.
/// </summary>
public sealed partial class ClusterCertificates : IDisposable
{
    /// <summary>Extended key usage of a TLS server certificate.</summary>
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    /// <summary>Extended key usage of a TLS client certificate.</summary>
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2Collection _authorities;
    private readonly TimeSpan _handshakeTimeout;
    private readonly ILogger _logger;

    private ClusterCertificates(X509Certificate2 certificate, X509Certificate2Collection authorities, TimeSpan handshakeTimeout, ILogger logger)
    {
        Certificate = certificate;
        _authorities = authorities;
        _handshakeTimeout = handshakeTimeout;
        _logger = logger;
    }

    /// <summary>This member's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public IReadOnlyList<X509Certificate2> Authorities => [.. _authorities];

    /// <summary>Loads the files of enabled options (already validated: a problem here is an exception).</summary>
    public static ClusterCertificates Load(ClusterTlsOptions options, ILogger logger) =>
        new(LoadCertificate(options.CertificatePath!, options.KeyPath),
            LoadAuthorities(options.CaPath!),
            options.HandshakeTimeout,
            logger);

    /// <summary>
    /// A certificate with its key, usable by SslStream on every platform (a key loaded from PEM is ephemeral; a
    /// PKCS#12 round trip gives it a handle the TLS stack accepts).
    /// </summary>
    public static X509Certificate2 LoadCertificate(string certificatePath, string? keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, string.IsNullOrWhiteSpace(keyPath) ? null : keyPath);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>Every certificate of a PEM bundle.</summary>
    public static X509Certificate2Collection LoadAuthorities(string caPath)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(caPath);
        return authorities;
    }

    /// <summary>True when <paramref name="certificate"/> chains to one of <paramref name="authorities"/> now, for <paramref name="usage"/>.</summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection authorities, string usage, out string problem)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.ExtraStore.AddRange(authorities);
        // A private cluster CA publishes no revocation lists; removing a member means rotating the CA (docs/security.md).
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usage));
        try
        {
            var built = chain.Build(certificate);
            problem = built ? "" : string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            return built;
        }
        catch (CryptographicException ex)
        {
            problem = ex.Message;
            return false;
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    /// <summary>The accepting side (silo port, gateway port): requires a client certificate from the cluster's CA.</summary>
    public TlsOptions ServerOptions() => new()
    {
        LocalCertificate = Certificate,
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        RemoteCertificateValidation = (peer, _, _) => Trusts(peer, ClientAuth, "client"),
        HandshakeTimeout = _handshakeTimeout,
    };

    /// <summary>The connecting side (a silo calling a silo, a client calling a gateway): presents this member's certificate.</summary>
    public TlsOptions ClientOptions() => new()
    {
        LocalCertificate = Certificate,
        // Always present ours: the issuers a server names need not include a private CA.
        LocalClientCertificateSelector = (_, _, _, _, _) => Certificate,
        ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        RemoteCertificateValidation = (peer, _, _) => Trusts(peer, ServerAuth, "server"),
        HandshakeTimeout = _handshakeTimeout,
    };

    private bool Trusts(X509Certificate2 peer, string usage, string side)
    {
        if (ChainsTo(peer, _authorities, usage, out var problem))
        {
            return true;
        }
        LogPeerRefused(_logger, side, peer.Subject, peer.Thumbprint, problem);
        return false;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var authority in _authorities)
        {
            authority.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a cluster peer's TLS {Side} certificate {Subject} ({Thumbprint}): it does not chain to SessionCluster:Tls:CaPath for that use ({Problem})")]
    private static partial void LogPeerRefused(ILogger logger, string side, string subject, string thumbprint, string problem);
}
