namespace SessionCluster.Hosting.Options;

/// <summary>
/// Transport security inside the cluster (<c>SessionCluster:Tls</c>): TLS with mutual authentication on every Orleans
/// connection (silo to silo, client to gateway), and the trust and client certificate for a Redis reached over TLS.
/// Off by default; in embedded mode nothing leaves the process unless a .NET service uses the gateway port.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string SectionName = "SessionCluster:Tls";

    /// <summary>
    /// True: every silo and API node speaks TLS on the silo and gateway ports, presents <see cref="CertificatePath"/>
    /// and accepts only peers whose certificate chains to <see cref="CaPath"/>. A plain or unknown peer is refused.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>This member's certificate (PEM). It is both server and client of its peers, so its extended key usage
    /// must allow serverAuth and clientAuth (or name none).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate's private key (PEM, PKCS#8 or SEC1/PKCS#1).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The CA (PEM; a bundle may add intermediates) that signs the cluster's members: use one dedicated to
    /// this cluster, since any certificate it signed is let in.</summary>
    public string? CaPath { get; set; }

    /// <summary>How long a TLS handshake may take before the connection is dropped.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The CA (PEM) that signed Redis' server certificate, when the system trust store does not hold it. TLS to Redis
    /// itself is turned on by <c>ssl=true</c> in <c>ConnectionStrings:redis</c> (and <c>sslHost=</c> the name its
    /// certificate carries); this only adds trust for that one CA.
    /// </summary>
    public string? RedisCaPath { get; set; }

    /// <summary>A client certificate (PEM) for a Redis that requires one (<c>tls-auth-clients yes</c>).</summary>
    public string? RedisCertificatePath { get; set; }

    /// <summary>The private key (PEM) of <see cref="RedisCertificatePath"/>.</summary>
    public string? RedisKeyPath { get; set; }
}
