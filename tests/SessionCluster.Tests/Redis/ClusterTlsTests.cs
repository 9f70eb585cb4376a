using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using SessionCluster.Tests.Api;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Redis;

/// <summary>
/// A cluster whose silo-to-silo and client-to-gateway connections run TLS with mutual authentication: it works end
/// to end (two silos, an API node serving HTTPS, a .NET service), and whoever lacks a certificate of the cluster's CA
/// is refused at the handshake.
/// </summary>
[Collection(ClusterTlsCollection.Name)]
public sealed class ClusterTlsTests(ClusterTlsFixture cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task AClusterWithTlsServesSessionsOverHttpsAndToAServiceHoldingAMemberCertificate()
    {
        cluster.Redis.Require();

        // Both silos are active members: their probes of each other went over TLS.
        var hosts = await cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, hosts.Count);

        using var http = cluster.ApiClient();
        var users = Enumerable.Range(0, 6).Select(_ => TestTenants.NewUserId()).ToList();
        foreach (var user in users)
        {
            // Six users' grains spread over both silos, so the API's gateway forwards some calls silo to silo.
            var session = await http.CreateSessionAsync(user);
            await (await http.ValidateAsync(session.Str("accessToken"))).AssertOkAsync();
            var check = await cluster.Client.ValidateAsync(TestTenants.Acme, session.Str("accessToken"));
            Assert.True(check.Succeeded, $"the service's validate: {check.Error}");
        }
        foreach (var (process, startup) in cluster.StartupOutput)
        {
            Assert.True(startup.Contains("Cluster TLS on (mutual)", StringComparison.Ordinal), $"{process.Name} did not report TLS at start:\n{startup}");
        }
        Assert.Equal(3, cluster.StartupOutput.Count);
    }

    [Fact]
    public async Task AClientWithoutTheClusterCertificateIsRefused()
    {
        cluster.Redis.Require();

        // A plain client: its first bytes are no TLS handshake.
        var plain = await Assert.ThrowsAnyAsync<Exception>(() => TlsProcesses.StartClientAsync(cluster.Redis.ConnectionString, cluster.ServiceId, [], retry: false));
        output.WriteLine($"plain client: {plain.GetType().Name}: {plain.Message}");

        // TLS clients that accept any server, so only the silo's check can stop them: one shows no certificate, one
        // shows a certificate of another CA.
        using var stranger = new TestCertificates("another CA");
        var (certificate, key) = stranger.Issue("intruder");
        using var intruderCertificate = SessionCluster.Hosting.Security.ClusterCertificates.LoadCertificate(certificate, key);
        var anonymous = await Assert.ThrowsAnyAsync<Exception>(() => TlsProcesses.StartClientAsync(cluster.Redis.ConnectionString, cluster.ServiceId, [], retry: false,
            tls: client => client.UseTls(o =>
            {
                o.ClientCertificateMode = Orleans.Connections.Security.RemoteCertificateMode.NoCertificate;
                o.AllowAnyRemoteCertificate();
            })));
        output.WriteLine($"client without a certificate: {anonymous.GetType().Name}: {anonymous.Message}");
        var intruder = await Assert.ThrowsAnyAsync<Exception>(() => TlsProcesses.StartClientAsync(cluster.Redis.ConnectionString, cluster.ServiceId, [], retry: false,
            tls: client => client.UseTls(intruderCertificate, o => o.AllowAnyRemoteCertificate())));
        output.WriteLine($"client with another CA's certificate: {intruder.GetType().Name}: {intruder.Message}");
        Assert.Contains(cluster.Silos, silo => silo.Tail(400).Contains("Refused a cluster peer's TLS client certificate CN=intruder", StringComparison.Ordinal));

        // The same call with a member certificate goes through: the refusals above were about the certificate.
        using var member = await TlsProcesses.StartClientAsync(cluster.Redis.ConnectionString, cluster.ServiceId, cluster.MemberSettings("another-service"), retry: false);
        Assert.Equal(2, (await member.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count);
        await TlsProcesses.StopAsync(member);
    }

    [Fact]
    public async Task TheGatewayPortSpeaksTlsWithTheClusterCertificateAndDropsAPeerThatShowsNone()
    {
        cluster.Redis.Require();

        foreach (var port in cluster.GatewayPorts)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", port);
            await using var tls = new SslStream(tcp.GetStream());
            X509Certificate? presented = null;
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ApplicationProtocols = [new SslApplicationProtocol("Orleans1")],
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    presented = certificate;
                    return true;
                },
            };
            Exception? refused = null;
            try
            {
                await tls.AuthenticateAsClientAsync(options).WaitAsync(TimeSpan.FromSeconds(10));
                // TLS 1.3 reports a missing client certificate after the handshake: the first read sees it.
                var read = await tls.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
                Assert.Equal(0, read);
            }
            catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException or IOException)
            {
                refused = ex;
            }
            output.WriteLine($"gateway {port}: presented {presented?.Subject}; {(refused is null ? "closed" : refused.GetType().Name + ": " + refused.Message)}");
            Assert.True(cluster.Ca.Trusts(presented), "the gateway did not present a certificate of the cluster's CA");
        }
    }
}
