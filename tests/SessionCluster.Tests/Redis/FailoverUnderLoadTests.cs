using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SessionCluster.Tests.Api;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Redis;

/// <summary>
/// The no-sticky-sessions promise under load: several clients create, validate, refresh and revoke through two
/// API nodes while one silo is killed (-9), a new one joins (scale-out) and another leaves gracefully (scale-in).
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class FailoverUnderLoadTests(ProcessCluster cluster, ITestOutputHelper output)
{
    /// <summary>A session as its client last saw it acknowledged. Only the client that created it touches it.</summary>
    private sealed class Tracked(string sessionId, string accessToken, string refreshToken)
    {
        public string SessionId { get; } = sessionId;
        public string AccessToken { get; set; } = accessToken;
        public string RefreshToken { get; set; } = refreshToken;
        public List<string> SpentRefreshTokens { get; } = [];
        public bool Revoked { get; set; }

        /// <summary>Ended by theft detection: the client's own tokens may be a rotation behind, so they read as invalid.</summary>
        public bool RevokedAsReuse { get; set; }
    }

    private int _reuseRevocations;

    private readonly ConcurrentBag<(DateTime At, string What)> _errors = [];
    private readonly ConcurrentBag<Tracked> _sessions = [];

    [Fact]
    public async Task NoAcknowledgedSessionIsLostAndNoRevokedOneComesBack()
    {
        cluster.Redis.Require();
        while (cluster.Silos.Count(s => !s.HasExited) < 3)
        {
            await cluster.StartSilosAsync(1);
        }
        if (cluster.ApiAddresses.Count < 2)
        {
            await cluster.StartApiAsync();
        }
        await cluster.ApiReadyAsync();

        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 4).Select(i => Task.Run(() => ClientLoopAsync(i, stop.Token))).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3));
        var victim = cluster.Silos.First(s => !s.HasExited);
        var killedAt = DateTime.UtcNow;
        victim.Kill();
        output.WriteLine($"{At(killedAt)} kill -9 {victim.Name}");

        await Task.Delay(TimeSpan.FromSeconds(12));
        await cluster.StartSilosAsync(1);
        output.WriteLine($"{At(DateTime.UtcNow)} scaled out: a new silo joined");

        await Task.Delay(TimeSpan.FromSeconds(5));
        var leaving = cluster.Silos.First(s => !s.HasExited);
        var stoppedAt = DateTime.UtcNow;
        await leaving.StopAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"{At(stoppedAt)} scaled in: {leaving.Name} left gracefully in {(DateTime.UtcNow - stoppedAt).TotalSeconds:F1} s");

        await Task.Delay(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        var errors = _errors.OrderBy(e => e.At).ToList();
        var crashErrors = errors.Where(e => e.At >= killedAt && e.At < stoppedAt).ToList();
        var stopErrors = errors.Where(e => e.At >= stoppedAt).ToList();
        var crashWindow = crashErrors.Count == 0 ? TimeSpan.Zero : crashErrors[^1].At - killedAt;
        output.WriteLine($"{_sessions.Count} sessions acknowledged; {errors.Count} failed calls");
        output.WriteLine($"crash: errors for {crashWindow.TotalSeconds:F1} s after the kill ({crashErrors.Count} calls; target under 10 s)");
        output.WriteLine($"graceful stop: {stopErrors.Count} failed calls (target 0)");
        output.WriteLine($"{_reuseRevocations} sessions ended by a refresh retried after the reuse grace");
        foreach (var group in errors.GroupBy(e => e.What).OrderByDescending(g => g.Count()).Take(5))
        {
            output.WriteLine($"  {group.Count()} × {group.Key}");
        }
        Assert.DoesNotContain(errors, e => e.At < killedAt); // nothing failed before the disruption
        Assert.True(crashWindow < TimeSpan.FromSeconds(60), $"errors went on {crashWindow.TotalSeconds:F1} s after the kill");

        // Every acknowledged session is still there, with the state the client last saw acknowledged.
        await cluster.ApiReadyAsync();
        using var check = cluster.ApiClient(node: cluster.ApiAddresses[^1]);
        var wrong = new List<string>();
        foreach (var session in _sessions)
        {
            var response = await check.ValidateAsync(session.AccessToken);
            var body = await response.Content.ReadAsStringAsync();
            var ok = session.Revoked
                ? response.StatusCode == HttpStatusCode.Unauthorized
                    && (body.Contains("session_revoked", StringComparison.Ordinal) || (session.RevokedAsReuse && body.Contains("token_invalid", StringComparison.Ordinal)))
                : response.IsSuccessStatusCode;
            if (!ok)
            {
                var view = await (await check.GetAsync($"/v1/sessions/{session.SessionId}")).Content.ReadAsStringAsync();
                wrong.Add($"{session.SessionId} revoked={session.Revoked} rotations={session.SpentRefreshTokens.Count}: {(int)response.StatusCode} {body}\n    view: {view}");
            }
        }
        foreach (var line in wrong.Take(10))
        {
            output.WriteLine(line);
        }
        if (errors.Exists(e => e.What.EndsWith(" 500", StringComparison.Ordinal)))
        {
            output.WriteLine(cluster.Diagnostics(120));
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {_sessions.Count} sessions not as acknowledged");
        // A refresh token two rotations old is never honoured again (only the one just rotated has a grace).
        foreach (var session in _sessions.Where(s => !s.Revoked && s.SpentRefreshTokens.Count >= 2).Take(5))
        {
            var reuse = await check.RefreshAsync(session.SpentRefreshTokens[0]);
            Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        }
        Assert.True(_sessions.Count > 20, $"the load created only {_sessions.Count} sessions");
    }

    /// <summary>One client: create, validate, refresh, sometimes revoke, round-robin over the API nodes.</summary>
    private async Task ClientLoopAsync(int id, CancellationToken stop)
    {
        var nodes = cluster.ApiAddresses.Select(a => cluster.ApiClient(node: a)).ToList();
        var mine = new List<Tracked>();
        var random = new Random(id);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var http = nodes[i % nodes.Count];
            try
            {
                var step = i % 4;
                if (step == 0 || mine.Count == 0)
                {
                    var response = await http.PostAsJsonAsync("/v1/sessions", new { userId = $"load-{id}-{i % 7}" }, stop);
                    if (await FailedAsync(response, "create"))
                    {
                        continue;
                    }
                    var json = await response.Content.ReadFromJsonAsync<JsonElement>(stop);
                    var tracked = new Tracked(json.Str("sessionId"), json.Str("accessToken"), json.Str("refreshToken"));
                    mine.Add(tracked);
                    _sessions.Add(tracked);
                    continue;
                }
                var session = mine[random.Next(mine.Count)];
                if (session.Revoked)
                {
                    continue;
                }
                if (step == 1)
                {
                    await FailedAsync(await http.ValidateAsync(session.AccessToken), "validate");
                }
                else if (step == 2)
                {
                    await RefreshAsync(http, session, stop);
                }
                else if (random.Next(10) == 0)
                {
                    // A failed DELETE has an unknown outcome: retry it (it is idempotent) until acknowledged.
                    for (var attempt = 0; attempt < 20 && !session.Revoked; attempt++)
                    {
                        session.Revoked = !await FailedAsync(await http.DeleteAsync($"/v1/sessions/{session.SessionId}"), "revoke");
                        if (!session.Revoked)
                        {
                            await Task.Delay(200);
                        }
                    }
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
    }

    /// <summary>
    /// Rotates the pair; a failed attempt is retried with the same token, which the reuse grace answers with the
    /// same pair. If the outage outlasts the grace, the retry is (by the rules) reuse: the session ends, acknowledged.
    /// </summary>
    private async Task RefreshAsync(HttpClient http, Tracked session, CancellationToken stop)
    {
        // Finish what was started even if the load is being stopped: the client must learn the outcome.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var response = await http.RefreshAsync(session.RefreshToken);
            if (response.IsSuccessStatusCode)
            {
                var json = await response.Content.ReadFromJsonAsync<JsonElement>();
                session.SpentRefreshTokens.Add(session.RefreshToken);
                session.AccessToken = json.Str("accessToken");
                session.RefreshToken = json.Str("refreshToken");
                return;
            }
            var body = await response.Content.ReadAsStringAsync();
            if (body.Contains("refresh_token_reused", StringComparison.Ordinal))
            {
                session.Revoked = true;
                session.RevokedAsReuse = true;
                Interlocked.Increment(ref _reuseRevocations);
                return;
            }
            await FailedAsync(response, "refresh");
            await Task.Delay(200);
        }
    }

    private async Task<bool> FailedAsync(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return false;
        }
        // The stable code says which failure it was (cluster_unavailable during a failover, storage_unavailable, …).
        var body = await response.Content.ReadAsStringAsync();
        var code = body.Contains("\"code\"", StringComparison.Ordinal) ? System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("code").GetString() : null;
        _errors.Add((DateTime.UtcNow, $"{what} {(int)response.StatusCode} {code}".TrimEnd()));
        return true;
    }

    private static string At(DateTime at) => at.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
}
