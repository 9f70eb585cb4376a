using System.Net.Http.Json;
using System.Text.Json;
using SessionCluster.Tests.Api;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Redis;

/// <summary>
/// Real processes against a real Redis: silos, the API in cluster mode, and a .NET service as an Orleans client.
/// Loops are bounded; every process is stopped by the fixture.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class ProcessClusterTests(ProcessCluster cluster, ITestOutputHelper output)
{
    private const string Acme = TestTenants.Acme;

    [Fact]
    public async Task ServiceUsingOnlyAbstractionsAndTheOrleansClientCreatesAndValidatesSessions()
    {
        cluster.Redis.Require();

        await using var sample = ChildProcess.StartDotnet("service-client", BuiltApps.ServiceClientSample,
            [cluster.Redis.ConnectionString, Acme, TestTenants.NewUserId()],
            new Dictionary<string, string?> { ["Orleans__ServiceId"] = cluster.ServiceId, ["Logging__LogLevel__Default"] = "Warning" });
        var exitCode = await sample.WaitForExitAsync(TimeSpan.FromSeconds(90));

        output.WriteLine(sample.Tail());
        Assert.Equal(0, exitCode);
        Assert.Contains("validated=True refreshed=True oldAccessToken=TokenInvalid", sample.Tail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EverySiloAnswersItsProbesMetricsAndGuardedDashboard()
    {
        cluster.Redis.Require();

        foreach (var (silo, http) in cluster.SiloHttp.Where(s => !s.Key.HasExited))
        {
            Assert.True(await ProcessCluster.IsReadyAsync(http, "/healthz"), $"{silo.Name} /healthz");
            Assert.True(await ProcessCluster.IsReadyAsync(http, "/readyz"), $"{silo.Name} /readyz");
            using var client = new HttpClient { BaseAddress = http };
            var metrics = await client.GetStringAsync("/metrics");
            Assert.Contains("sessioncluster_sessions_active", metrics, StringComparison.Ordinal);

            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/dashboard/")).StatusCode);
            client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("admin:wrong")));
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/dashboard/")).StatusCode);
            client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("admin:" + ProcessCluster.DashboardKey)));
            var dashboard = await client.GetAsync("/dashboard/");
            Assert.True(dashboard.IsSuccessStatusCode, $"{silo.Name} dashboard: {(int)dashboard.StatusCode}");
            Assert.Contains("<html", await dashboard.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            Assert.True((await client.GetAsync("/dashboard/ClusterStats")).IsSuccessStatusCode, $"{silo.Name} dashboard counters");

            // The views beyond counters are not served, even with the key: the live log stream, any grain's state (a
            // session's, here), the reminder list (every user grain's tenant and user id).
            var session = await cluster.Client.CreateSessionAsync(TestTenants.Acme, new CreateSessionCommand { UserId = TestTenants.NewUserId() });
            foreach (var view in new[] { "/dashboard/Trace", $"/dashboard/GrainState?grainId=session/acme/{session.Session!.SessionId}&grainType=SessionCluster.Grains.SessionGrain", "/dashboard/Reminders", "/dashboard/Reminders/1" })
            {
                Assert.True((await client.GetAsync(view)).StatusCode == System.Net.HttpStatusCode.NotFound, $"{silo.Name} serves {view}");
            }
        }
    }

    [Fact]
    public async Task SessionLifecycleThroughTheApiNodeInClusterMode()
    {
        cluster.Redis.Require();
        await cluster.ApiReadyAsync();
        using var http = cluster.ApiClient();
        var userId = TestTenants.NewUserId();

        var session = await http.CreateSessionAsync(userId);
        await (await http.ValidateAsync(session.Str("accessToken"))).AssertOkAsync();
        var refreshed = await (await http.RefreshAsync(session.Str("refreshToken"))).AssertOkAsync();
        Assert.Equal(1, await http.ActiveSessionCountAsync(userId));
        Assert.Equal(204, (int)(await http.DeleteAsync($"/v1/sessions/{session.Str("sessionId")}")).StatusCode);

        await (await http.ValidateAsync(refreshed.Str("accessToken"))).AssertProblemAsync(401, "session_revoked");
        Assert.Equal(0, await http.ActiveSessionCountAsync(userId));
    }

    [Fact]
    public async Task AnApiNodeStoppedWithSigtermFinishesTheRequestsInFlight()
    {
        cluster.Redis.Require();
        await cluster.StartApiAsync();
        var (node, address) = cluster.ApiNodes[^1];
        using var http = cluster.ApiClient(node: address);
        var link = await (await http.PostAsJsonAsync("/v1/device-links", new { device = new { name = "TV" } })).AssertOkAsync(201);

        // A 6-second long poll is in flight when the node is told to stop.
        var inFlight = http.GetAsync($"/v1/device-links/{link.Str("linkId")}?waitSeconds=6");
        await Task.Delay(1000);
        var stopping = node.StopAsync(TimeSpan.FromSeconds(30));

        var answer = await (await inFlight).AssertOkAsync();
        Assert.Equal("pending", answer.Str("status"));
        await stopping;
        Assert.True(node.HasExited);
    }

    [Fact]
    public async Task StateSurvivesDeactivationAndRedisHoldsNoToken()
    {
        cluster.Redis.Require();
        var created = await cluster.Client.CreateSessionAsync(Acme, new CreateSessionCommand { UserId = TestTenants.NewUserId() });

        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.True((await cluster.Client.ValidateAsync(Acme, created.Tokens!.AccessToken)).Succeeded);
        var keys = cluster.Redis.Server.Keys(pattern: $"{cluster.ServiceId}/state/*").ToList();
        Assert.Contains(keys, k => k.ToString().Contains(created.Session!.SessionId, StringComparison.Ordinal));
        foreach (var key in keys.Where(k => cluster.Redis.Database.KeyType(k) == StackExchange.Redis.RedisType.Hash))
        {
            var dump = string.Join('|', cluster.Redis.Database.HashGetAll(key).Select(e => e.Value.ToString()));
            foreach (var token in new[] { created.Tokens.AccessToken, created.Tokens.RefreshToken })
            {
                Assert.DoesNotContain(token.Split('.')[2], dump, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ConcurrentRefreshesFromManyClientsAllGetTheSamePair()
    {
        cluster.Redis.Require();
        var created = await cluster.Client.CreateSessionAsync(Acme, new CreateSessionCommand { UserId = TestTenants.NewUserId() });
        await cluster.ApiReadyAsync();
        using var http = cluster.ApiClient();

        var viaClient = Enumerable.Range(0, 6).Select(_ => cluster.Client.RefreshAsync(Acme, created.Tokens!.RefreshToken));
        var viaHttp = Enumerable.Range(0, 6).Select(async _ =>
        {
            var json = await (await http.RefreshAsync(created.Tokens!.RefreshToken)).AssertOkAsync();
            return new SessionTokens { AccessToken = json.Str("accessToken"), RefreshToken = json.Str("refreshToken"), CsrfToken = json.Str("csrfToken") };
        });
        var fromClient = await Task.WhenAll(viaClient);
        var fromHttp = await Task.WhenAll(viaHttp);

        Assert.All(fromClient, r => Assert.True(r.Succeeded, r.Error.ToString()));
        Assert.Single(fromClient.Select(r => r.Tokens).Concat(fromHttp).Distinct());
        Assert.True((await cluster.Client.ValidateAsync(Acme, fromHttp[0].AccessToken)).Succeeded);
    }

    [Fact]
    public async Task KillingASiloLosesNoSession()
    {
        cluster.Redis.Require();
        await cluster.ApiReadyAsync();
        using var http = cluster.ApiClient();
        var sessions = new List<JsonElement>();
        for (var i = 0; i < 20; i++)
        {
            sessions.Add(await http.CreateSessionAsync());
        }

        var victim = cluster.Silos.Last(s => !s.HasExited);
        victim.Kill();
        output.WriteLine($"killed {victim.Name} (pid {victim.Pid})");

        var started = DateTime.UtcNow;
        var deadline = started + TimeSpan.FromSeconds(120);
        var pending = sessions.ToList();
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            // All pending sessions at once, so the measured window is the outage, not a sum of timeouts.
            var results = await Task.WhenAll(pending.Select(async session =>
            {
                try
                {
                    var response = await http.ValidateAsync(session.Str("accessToken"));
                    var body = await response.Content.ReadAsStringAsync();
                    Assert.False(response.StatusCode == System.Net.HttpStatusCode.Unauthorized, $"session lost after the kill: {body}");
                    return (session, ok: response.IsSuccessStatusCode);
                }
                catch (TaskCanceledException)
                {
                    return (session, ok: false);
                }
            }));
            pending = [.. results.Where(r => !r.ok).Select(r => r.session)];
            if (pending.Count > 0)
            {
                await Task.Delay(250);
            }
        }
        output.WriteLine($"all sessions validated {(DateTime.UtcNow - started).TotalSeconds:F1} s after the kill");
        output.WriteLine(cluster.Diagnostics(200));
        Assert.True(pending.Count == 0, $"{pending.Count} sessions did not validate within 120 s\n{cluster.Diagnostics()}");

        await cluster.StartSilosAsync(1); // back to two silos for the other tests
    }

    [Fact]
    public async Task FullRestartOfSilosAndRedisKeepsSessionsAndRevocations()
    {
        cluster.Redis.Require();
        var client = cluster.Client;
        var kept = await client.CreateSessionAsync(Acme, new CreateSessionCommand { UserId = TestTenants.NewUserId() });
        var revoked = await client.CreateSessionAsync(Acme, new CreateSessionCommand { UserId = TestTenants.NewUserId() });
        Assert.True(await client.GetSessionGrain(Acme, revoked.Session!.SessionId).RevokeAsync("logout"));
        var rotated = await client.RefreshAsync(Acme, kept.Tokens!.RefreshToken);
        Assert.True(rotated.Succeeded);

        await cluster.StopSilosAsync();
        try
        {
            await cluster.Redis.RestartAsync();
        }
        finally
        {
            // Whatever happens, leave a running cluster to the tests that follow.
            await cluster.StartSilosAsync(2);
            await cluster.StartClientAsync();
        }
        client = cluster.Client;

        Assert.True((await client.ValidateAsync(Acme, rotated.Tokens!.AccessToken)).Succeeded);
        Assert.Equal(SessionError.TokenInvalid, (await client.ValidateAsync(Acme, kept.Tokens.AccessToken)).Error);
        Assert.Equal(SessionError.SessionRevoked, (await client.ValidateAsync(Acme, revoked.Tokens!.AccessToken)).Error);
        Assert.Equal(SessionError.SessionRevoked, (await client.RefreshAsync(Acme, revoked.Tokens.RefreshToken)).Error);

        // The API node reconnects to the restarted cluster by itself.
        using var http = cluster.ApiClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        HttpResponseMessage? response = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                response = await http.PostAsJsonAsync("/v1/sessions/validate", new { accessToken = rotated.Tokens.AccessToken });
                if (response.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(500);
        }
        await response!.AssertOkAsync();
    }

    [Fact]
    public async Task AUserIdWithALiteralPercent2FIsItsOwnUserAndCanBeErasedOverRealHttp()
    {
        // Over Kestrel: only the raw request target tells "a/b" (a%2Fb) from a literal "a%2Fb" (a%252Fb).
        cluster.Redis.Require();
        await cluster.ApiReadyAsync();
        using var service = cluster.ApiClient();
        var slash = "team/alice-" + Guid.NewGuid().ToString("N")[..6];
        var literal = slash.Replace("/", "%2F", StringComparison.Ordinal); // an id that really contains "%2F"
        await service.CreateSessionAsync(slash);
        await service.CreateSessionAsync(literal);
        await service.CreateSessionAsync(literal);

        Assert.Equal(1, await service.ActiveSessionCountAsync(slash));
        Assert.Equal(2, await service.ActiveSessionCountAsync(literal));
        await (await service.DeleteAsync($"/v1/users/{Uri.EscapeDataString(literal)}")).AssertOkAsync(204);
        Assert.Equal(0, await service.ActiveSessionCountAsync(literal));
        Assert.Equal(1, await service.ActiveSessionCountAsync(slash));
    }
}
