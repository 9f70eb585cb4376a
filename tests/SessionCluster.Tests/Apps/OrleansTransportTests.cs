using Microsoft.Extensions.Options;
using SessionCluster.AspNetCore;
using SessionCluster.AspNetCore.Client;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Apps;

/// <summary>The typed client's Orleans transport against the in-process cluster: the same answers and codes as HTTP.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OrleansTransportTests(ClusterFixture cluster)
{
    [Fact]
    public async Task SessionsCanBeOpenedValidatedAndRevokedAsAnOrleansClient()
    {
        ISessionClusterClient client = new OrleansSessionClusterClient(cluster.Grains,
            Options.Create(new SessionClusterClientOptions { Transport = SessionClusterTransport.Orleans, TenantId = TestTenants.Acme }));
        var userId = TestTenants.NewUserId();
        var issued = await client.CreateSessionAsync(new NewSession { UserId = userId, Device = new DeviceDetails(Name: "Service") });
        var view = await client.ValidateAsync(issued.AccessToken, new ClientDetails("10.0.0.1", "svc"));
        Assert.Equal((userId, issued.SessionId, "active"), (view.UserId, view.SessionId, view.Status));
        Assert.Single(await client.ListUserSessionsAsync(userId));

        var otherTenant = await Assert.ThrowsAsync<SessionClusterException>(() =>
            new OrleansSessionClusterClient(cluster.Grains, Options.Create(new SessionClusterClientOptions { Transport = SessionClusterTransport.Orleans, TenantId = TestTenants.Other }))
                .ValidateAsync(issued.AccessToken));
        Assert.Equal((401, "token_invalid"), (otherTenant.Status, otherTenant.Code));

        await client.RevokeSessionAsync(issued.SessionId);
        var revoked = await Assert.ThrowsAsync<SessionClusterException>(() => client.ValidateAsync(issued.AccessToken));
        Assert.Equal((401, "session_revoked"), (revoked.Status, revoked.Code));
        var extend = await Assert.ThrowsAsync<SessionClusterException>(() => client.ExtendSessionAsync(issued.SessionId));
        Assert.Equal((410, "session_revoked"), (extend.Status, extend.Code));
        await Assert.ThrowsAsync<NotSupportedException>(() => client.StartDeviceLinkAsync());
    }
}
