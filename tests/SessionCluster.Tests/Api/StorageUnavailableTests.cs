using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using SessionCluster.Grains;
using SessionCluster.Hosting.Storage;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

/// <summary>The API in embedded mode with storage that fails on demand (guard → faults → memory, as in production).</summary>
public sealed class FaultyStorageApiFactory : ApiFactory
{
    public StorageFaults Faults { get; } = new();

    /// <summary>Every log line the product's own filters let through, Debug and up.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Debug);
        logging.AddProvider(new LogCapture(Logs));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            foreach (var name in StorageNames.All)
            {
                services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) =>
                    GuardedGrainStorage.Create(sp, name, Faults.Wrap(name, MemoryGrainStorageFactory.Create(sp, name))));
            }
        });
    }
}

/// <summary>
/// While storage refuses changes, the API says so at once — 503 <c>storage_unavailable</c> with <c>Retry-After</c>,
/// never a success storage did not take — and goes on validating the sessions it holds.
/// </summary>
public sealed class StorageUnavailableTests(FaultyStorageApiFactory api) : IClassFixture<FaultyStorageApiFactory>, IDisposable
{
    public void Dispose() => api.Faults.Heal();

    private static async Task AssertStorageUnavailableAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(503, "storage_unavailable");
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
    }

    [Fact]
    public async Task ARevokeStorageRefusedAnswers503AndTheRetryRevokesForReal()
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync();
        var sessionId = session.Str("sessionId");

        api.Faults.FailWritesOf(GrainKeys.Session(TestTenants.Acme, sessionId));
        await AssertStorageUnavailableAsync(await service.DeleteAsync($"/v1/sessions/{sessionId}"));
        // Nothing was acknowledged, and nothing was kept: the session still validates…
        await (await service.ValidateAsync(session.Str("accessToken"))).AssertOkAsync();

        // …until the retry, once storage is back, revokes it for real.
        api.Faults.Heal();
        await (await service.DeleteAsync($"/v1/sessions/{sessionId}")).AssertOkAsync(204);
        await (await service.ValidateAsync(session.Str("accessToken"))).AssertProblemAsync(401, "session_revoked");

        // The refusal was logged (what failed and why), never with the session id Orleans would put in it.
        Assert.Contains(api.Logs, l => l.Contains("refused a write", StringComparison.Ordinal));
        Assert.DoesNotContain(api.Logs, l => l.Contains(sessionId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhileStorageIsDownWritesAreRefusedAndActiveSessionsStillValidate()
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync();
        var stranger = SessionToken.Format(TestTenants.Acme, Grains.Domain.TokenCrypto.NewSessionId(), Grains.Domain.TokenCrypto.NewSecret());

        api.Faults.Fail((_, _) => true);
        await AssertStorageUnavailableAsync(await service.PostAsJsonAsync("/v1/sessions", new { userId = TestTenants.NewUserId() }));
        await AssertStorageUnavailableAsync(await service.RefreshAsync(session.Str("refreshToken")));
        await AssertStorageUnavailableAsync(await service.PostAsync($"/v1/sessions/{session.Str("sessionId")}/extend", null));
        await AssertStorageUnavailableAsync(await api.UserClient(session.Str("accessToken")).PostAsync("/v1/me/logout", null));
        for (var i = 0; i < 10; i++)
        {
            await (await service.ValidateAsync(session.Str("accessToken"))).AssertOkAsync();
        }
        // A session not in memory needs a read: refused too, not reported as an invalid token.
        await AssertStorageUnavailableAsync(await service.ValidateAsync(stranger));

        // Readiness stays up (validates are served) but says what is degraded.
        var ready = await api.CreateClient().GetAsync("/readyz");
        var report = await ready.AssertOkAsync();
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        var storage = report.GetProperty("checks").GetProperty("storage");
        Assert.Equal("Degraded", storage.GetProperty("status").GetString());
        Assert.Contains("storage_unavailable", storage.GetProperty("description").GetString(), StringComparison.Ordinal);

        var metrics = await (await api.CreateClient().GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains("sessioncluster_storage_failures_total", metrics, StringComparison.Ordinal);

        api.Faults.Heal();
        await (await service.RefreshAsync(session.Str("refreshToken"))).AssertOkAsync();
        await service.CreateSessionAsync();
    }
}
