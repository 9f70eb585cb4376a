using System.Text;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Redis;

/// <summary>The rotation of docs/security.md on real silos and Redis: add a key and make it active, then retire the old one.</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class KeyRotationProcessTests(ProcessCluster cluster)
{
    private const string Acme = TestTenants.Acme;
    private const string OldKey = "SessionCluster__Encryption__Keys__test-1";
    private const string NewKey = "SessionCluster__Encryption__Keys__test-2";
    private const string ActiveKey = "SessionCluster__Encryption__ActiveKeyId";
    private static readonly string NewKeyValue = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task RotatingTheKeyKeepsDataReadableAndMovesItToTheNewKey()
    {
        cluster.Redis.Require();
        var marker = "ROTATION-" + Guid.NewGuid().ToString("N");
        var created = await cluster.Client.CreateSessionAsync(Acme, new CreateSessionCommand
        {
            UserId = TestTenants.NewUserId(),
            DataJson = $"{{\"note\":\"{marker}\"}}",
        });
        Assert.True(created.Succeeded);
        var sessionId = created.Session!.SessionId;
        Assert.Equal("test-1", await SealedWithAsync(sessionId));

        try
        {
            // Step 1: the new key joins and becomes active; the old one stays.
            cluster.SiloSettings[NewKey] = NewKeyValue;
            cluster.SiloSettings[ActiveKey] = "test-2";
            await RestartSilosAsync();
            Assert.Contains(marker, (await cluster.Client.GetSessionGrain(Acme, sessionId).GetDataAsync()).DataJson, StringComparison.Ordinal);
            // Touched, the session is re-sealed with the new key (written behind, like its activity).
            Assert.True((await cluster.Client.ValidateAsync(Acme, created.Tokens!.AccessToken)).Succeeded);
            await WaitUntilAsync(async () => await SealedWithAsync(sessionId) == "test-2");

            // Step 2: the old key goes; the data still opens.
            cluster.SiloSettings[OldKey] = null;
            cluster.SiloSettings[ActiveKey] = null;
            await RestartSilosAsync();
            var data = await cluster.Client.GetSessionGrain(Acme, sessionId).GetDataAsync();
            Assert.Equal(SessionError.None, data.Error);
            Assert.Contains(marker, data.DataJson, StringComparison.Ordinal);
            Assert.True((await cluster.Client.ValidateAsync(Acme, created.Tokens.AccessToken)).Succeeded);
        }
        finally
        {
            // Leave silos that open both keys' values (sealing with the usual one) to the tests that follow.
            cluster.SiloSettings.Clear();
            cluster.SiloSettings[NewKey] = NewKeyValue;
            cluster.SiloSettings[ActiveKey] = "test-1";
            await RestartSilosAsync();
            await cluster.ApiReadyAsync();
        }
    }

    private async Task RestartSilosAsync()
    {
        await cluster.StopSilosAsync();
        await cluster.StartSilosAsync(2);
        await cluster.StartClientAsync();
    }

    /// <summary>The key id the session's stored data is sealed with, read from the raw Redis value.</summary>
    private async Task<string?> SealedWithAsync(string sessionId)
    {
        var key = cluster.Redis.Server.Keys(pattern: $"{cluster.ServiceId}/state/session/{Acme}/{sessionId}/*").Single();
        var stored = Encoding.Latin1.GetString((byte[])(await cluster.Redis.Database.StringGetAsync(key))!);
        return stored.Contains("test-2", StringComparison.Ordinal) ? "test-2" : stored.Contains("test-1", StringComparison.Ordinal) ? "test-1" : null;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not re-sealed with the new key within 20 s");
            await Task.Delay(200);
        }
    }
}
