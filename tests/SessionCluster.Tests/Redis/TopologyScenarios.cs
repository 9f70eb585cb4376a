using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SessionCluster.Tests.Api;
using SessionCluster.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionCluster.Tests.Redis;

/// <summary>The promises every Redis topology must keep, checked the same way on each (see SentinelTests, RedisClusterTests).</summary>
internal static class TopologyScenarios
{
    /// <summary>Create, validate, refresh, revoke over HTTP; then, read back from storage (activations dropped), it still holds.</summary>
    public static async Task SessionLifecycleHoldsThroughStorageAsync(ProcessCluster cluster)
    {
        await cluster.ApiReadyAsync();
        using var http = cluster.ApiClient();
        var created = await http.CreateSessionAsync();
        var sessionId = created.Str("sessionId");
        await (await http.ValidateAsync(created.Str("accessToken"))).AssertOkAsync();
        var refreshed = await (await http.RefreshAsync(created.Str("refreshToken"))).AssertOkAsync();
        await (await http.ValidateAsync(created.Str("accessToken"))).AssertProblemAsync(401, "token_invalid");
        await (await http.ValidateAsync(refreshed.Str("accessToken"))).AssertOkAsync();
        var kept = await http.CreateSessionAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/v1/sessions/{sessionId}")).StatusCode);
        await (await http.ValidateAsync(refreshed.Str("accessToken"))).AssertProblemAsync(401, "session_revoked");

        // Not from memory: every activation goes, the next calls read what the topology stored.
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await (await http.ValidateAsync(refreshed.Str("accessToken"))).AssertProblemAsync(401, "session_revoked");
        await (await http.ValidateAsync(kept.Str("accessToken"))).AssertOkAsync();
    }

    /// <summary>Both silos joined through the topology's membership table, and the API node sees them.</summary>
    public static async Task SilosJoinThroughItAsync(ProcessCluster cluster)
    {
        var hosts = await cluster.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(cluster.Silos.Count(s => !s.HasExited), hosts.Count);
        Assert.True(hosts.Count >= 2, $"{hosts.Count} active silos");
        Assert.True(await ProcessCluster.IsReadyAsync(cluster.ApiAddress));
    }

    /// <summary>
    /// Reminders fire: users of a second-scale tenant are swept, and with them every key and reminder of the tenant
    /// leaves the topology (read on every primary).
    /// </summary>
    public static async Task RemindersSweepUsersAsync(ProcessCluster cluster, Func<Task<List<IServer>>> primaries, ITestOutputHelper output)
    {
        var tenant = TestTenants.Ephemeral;
        var sessions = new List<SessionResult>();
        foreach (var user in Enumerable.Range(0, 2).Select(_ => TestTenants.NewUserId()))
        {
            for (var i = 0; i < 2; i++)
            {
                var created = await cluster.Client.CreateSessionAsync(tenant, new CreateSessionCommand { UserId = user });
                Assert.True(created.Succeeded, created.Error.ToString());
                sessions.Add(created);
            }
        }
        await cluster.Client.GetSessionGrain(tenant, sessions[0].Session!.SessionId).RevokeAsync("logout");
        var peak = await TenantEntriesAsync(cluster, primaries, tenant);
        Assert.True(peak >= 6, $"expected the 4 sessions and 2 users in Redis, found {peak} keys and reminders");

        var started = Stopwatch.StartNew();
        var left = peak;
        while (left > 0 && started.Elapsed < TimeSpan.FromSeconds(45))
        {
            await Task.Delay(500);
            left = await TenantEntriesAsync(cluster, primaries, tenant);
        }
        output.WriteLine($"{peak} keys and reminders of the tenant back to {left} in {started.Elapsed.TotalSeconds:F1} s (sweeps every {ProcessCluster.SweepInterval.TotalSeconds:0} s)");
        Assert.Equal(0, left);
        foreach (var session in sessions)
        {
            Assert.Equal(SessionError.TokenInvalid, (await cluster.Client.ValidateAsync(tenant, session.Tokens!.AccessToken)).Error);
        }
    }

    private static async Task<int> TenantEntriesAsync(ProcessCluster cluster, Func<Task<List<IServer>>> primaries, string tenant)
    {
        var count = 0;
        foreach (var server in await primaries())
        {
            count += server.Keys(pattern: $"{cluster.ServiceId}/state/*/{tenant}/*").Count();
            foreach (var key in server.Keys(pattern: $"*{cluster.ServiceId}*reminder*"))
            {
                var db = server.Multiplexer.GetDatabase();
                if (await db.KeyTypeAsync(key) == RedisType.SortedSet)
                {
                    count += (await db.SortedSetRangeByRankAsync(key)).Count(m => m.ToString().Contains($"{tenant}/", StringComparison.Ordinal));
                }
            }
        }
        return count;
    }
}

/// <summary>
/// A few HTTP clients creating, validating, refreshing and revoking sessions, each recording what was acknowledged
/// (a 2xx) and every failed call. A write that failed has an unknown outcome: creates are simply not counted,
/// refreshes and revokes are retried (both are safe to repeat) until acknowledged, bounded.
/// </summary>
internal sealed class AcknowledgedLoad(ProcessCluster cluster)
{
    /// <summary>A session as its client last saw it acknowledged. Only the client that created it touches it.</summary>
    public sealed class Tracked(string sessionId, string accessToken, string refreshToken, DateTime createdAt)
    {
        public string SessionId { get; } = sessionId;
        public DateTime CreatedAt { get; } = createdAt;
        public string AccessToken { get; set; } = accessToken;
        public string RefreshToken { get; set; } = refreshToken;
        public string? PreviousAccessToken { get; set; }
        public int Rotations { get; set; }
        public bool Revoked { get; set; }

        /// <summary>Ended by theft detection (a retried refresh after the reuse grace): acknowledged as revoked.</summary>
        public bool RevokedAsReuse { get; set; }

        /// <summary>A refresh or revoke never got an answer within the retries: its client cannot say what holds.</summary>
        public bool Uncertain { get; set; }
    }

    private readonly ConcurrentBag<(DateTime At, string What)> _errors = [];
    private readonly ConcurrentBag<Tracked> _sessions = [];
    private readonly ConcurrentBag<DateTime> _writesAcknowledged = [];
    private readonly CancellationTokenSource _stop = new();
    private List<Task> _clients = [];

    public IReadOnlyList<(DateTime At, string What)> Errors => [.. _errors.OrderBy(e => e.At)];

    public IReadOnlyCollection<Tracked> Sessions => _sessions;

    /// <summary>When each acknowledged create, refresh and revoke was answered.</summary>
    public IReadOnlyCollection<DateTime> WritesAcknowledged => _writesAcknowledged;

    public void Start(int clients) =>
        _clients = [.. Enumerable.Range(0, clients).Select(i => Task.Run(() => ClientLoopAsync(i, _stop.Token)))];

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
    }

    /// <summary>
    /// Reads every tracked session back from storage (all activations dropped first, so nothing answers from memory)
    /// and lists those not as their client last saw them acknowledged.
    /// </summary>
    public async Task<List<string>> CheckAcknowledgedAsync()
    {
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        using var http = cluster.ApiClient();
        var wrong = new List<string>();
        foreach (var session in _sessions.Where(s => !s.Uncertain))
        {
            var response = await WithRetriesAsync(() => http.ValidateAsync(session.AccessToken));
            var body = await response.Content.ReadAsStringAsync();
            var ok = session.Revoked
                ? response.StatusCode == HttpStatusCode.Unauthorized
                    && (body.Contains("session_revoked", StringComparison.Ordinal) || (session.RevokedAsReuse && body.Contains("token_invalid", StringComparison.Ordinal)))
                : response.IsSuccessStatusCode;
            if (ok && !session.Revoked && session.PreviousAccessToken is { } previous)
            {
                // The last acknowledged refresh is the one in force: the pair before it is spent.
                var old = await WithRetriesAsync(() => http.ValidateAsync(previous));
                ok = old.StatusCode == HttpStatusCode.Unauthorized;
                body += $" (previous pair: {(int)old.StatusCode})";
            }
            if (!ok)
            {
                wrong.Add($"{session.SessionId} created {At(session.CreatedAt)} revoked={session.Revoked} rotations={session.Rotations}: {(int)response.StatusCode} {body}");
            }
        }
        return wrong;
    }

    /// <summary>First to last failed call, and how many, from <paramref name="since"/>.</summary>
    public string Window(DateTime since)
    {
        var errors = Errors.Where(e => e.At >= since).ToList();
        if (errors.Count == 0)
        {
            return "no failed calls";
        }
        var kinds = string.Join(", ", errors.GroupBy(e => e.What).OrderByDescending(g => g.Count()).Take(6).Select(g => $"{g.Count()} × {g.Key}"));
        var timeline = string.Join(", ", errors.Take(30).Select(e => $"+{(e.At - since).TotalSeconds:F1} s {e.What}"));
        return $"{errors.Count} failed calls from {(errors[0].At - since).TotalSeconds:F1} s to {(errors[^1].At - since).TotalSeconds:F1} s after the kill "
            + $"(window {(errors[^1].At - errors[0].At).TotalSeconds:F1} s): {kinds}\n  timeline: {timeline}";
    }

    public static string At(DateTime at) => at.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>The slowest calls (answered or failed) that started at or after <paramref name="since"/>: a failover shows as stalls too.</summary>
    public string Slowest(DateTime since, int count = 3) =>
        string.Join(", ", _calls.Where(c => c.StartedAt >= since).OrderByDescending(c => c.Took).Take(count)
            .Select(c => $"{c.Took.TotalSeconds:F1} s ({c.What} at +{(c.StartedAt - since).TotalSeconds:F1} s)"));

    private readonly ConcurrentBag<(DateTime StartedAt, TimeSpan Took, string What)> _calls = [];

    /// <summary>Times every call of the load's clients.</summary>
    private sealed class Timing(ConcurrentBag<(DateTime, TimeSpan, string)> calls) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var startedAt = DateTime.UtcNow;
            var timer = Stopwatch.StartNew();
            var what = $"{request.Method} {request.RequestUri?.AbsolutePath.Split('/').Last()}";
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                calls.Add((startedAt, timer.Elapsed, what));
            }
        }
    }

    private async Task ClientLoopAsync(int id, CancellationToken stop)
    {
        var http = new HttpClient(new Timing(_calls)) { BaseAddress = cluster.ApiAddress, Timeout = TimeSpan.FromSeconds(15) };
        http.DefaultRequestHeaders.Add("X-Api-Key", TestTenants.AcmeKey);
        var mine = new List<Tracked>();
        var random = new Random(id);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                var step = i % 4;
                if (step == 0 || mine.Count(s => !s.Revoked) == 0)
                {
                    var response = await http.PostAsJsonAsync("/v1/sessions", new { userId = $"load-{id}-{i % 5}" }, stop);
                    if (!await FailedAsync(response, "create"))
                    {
                        var json = await response.Content.ReadFromJsonAsync<JsonElement>(stop);
                        var tracked = new Tracked(json.Str("sessionId"), json.Str("accessToken"), json.Str("refreshToken"), DateTime.UtcNow);
                        mine.Add(tracked);
                        _sessions.Add(tracked);
                        _writesAcknowledged.Add(DateTime.UtcNow);
                    }
                    continue;
                }
                var live = mine.Where(s => !s.Revoked && !s.Uncertain).ToList();
                if (live.Count == 0)
                {
                    continue;
                }
                var session = live[random.Next(live.Count)];
                if (step == 1)
                {
                    await FailedAsync(await http.ValidateAsync(session.AccessToken), "validate");
                }
                else if (step == 2)
                {
                    await RefreshAsync(http, session);
                }
                else if (random.Next(4) == 0)
                {
                    await RevokeAsync(http, session);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                _errors.Add((DateTime.UtcNow, ex.GetType().Name));
            }
        }
        http.Dispose();
    }

    /// <summary>
    /// Rotates the pair, retrying a failure with the same token (the reuse grace answers a rotation that did happen
    /// with the same pair). Finished even while the load stops: the client must learn the outcome.
    /// </summary>
    private async Task RefreshAsync(HttpClient http, Tracked session)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await http.RefreshAsync(session.RefreshToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                _errors.Add((DateTime.UtcNow, "refresh " + ex.GetType().Name));
                await Task.Delay(250);
                continue;
            }
            if (response.IsSuccessStatusCode)
            {
                var json = await response.Content.ReadFromJsonAsync<JsonElement>();
                session.PreviousAccessToken = session.AccessToken;
                session.AccessToken = json.Str("accessToken");
                session.RefreshToken = json.Str("refreshToken");
                session.Rotations++;
                _writesAcknowledged.Add(DateTime.UtcNow);
                return;
            }
            var body = await response.Content.ReadAsStringAsync();
            if (body.Contains("refresh_token_reused", StringComparison.Ordinal))
            {
                session.Revoked = true;
                session.RevokedAsReuse = true;
                return;
            }
            await FailedAsync(response, "refresh");
            await Task.Delay(250);
        }
        session.Uncertain = true;
    }

    /// <summary>Revokes, retrying a failure (revoking twice is harmless) until acknowledged.</summary>
    private async Task RevokeAsync(HttpClient http, Tracked session)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            try
            {
                var response = await http.DeleteAsync($"/v1/sessions/{session.SessionId}");
                if (!await FailedAsync(response, "revoke"))
                {
                    session.Revoked = true;
                    _writesAcknowledged.Add(DateTime.UtcNow);
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                _errors.Add((DateTime.UtcNow, "revoke " + ex.GetType().Name));
            }
            await Task.Delay(250);
        }
        session.Uncertain = true;
    }

    private async Task<bool> FailedAsync(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return false;
        }
        var code = "";
        try
        {
            code = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // not a problem-details body
        }
        _errors.Add((DateTime.UtcNow, $"{what} {(int)response.StatusCode} {code}".Trim()));
        return true;
    }

    /// <summary>The check itself must not be fooled by a node still settling: retry what failed for lack of a cluster.</summary>
    private static async Task<HttpResponseMessage> WithRetriesAsync(Func<Task<HttpResponseMessage>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await call();
            if ((int)response.StatusCode < 500 || attempt == 20)
            {
                return response;
            }
            await Task.Delay(250);
        }
    }
}
