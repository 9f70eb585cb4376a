using System.Text.Json;
using Microsoft.Playwright;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Browser;

/// <summary>
/// Three tabs, one session, 2-second access tokens, everybody calling at once for a minute (the reuse grace is the
/// production 10 s). With the SDK (bearer mode, the hardest case: tokens only in each tab's memory) no tab ever
/// presents a spent refresh token. The negative control runs the same schedule with three naive clients, each
/// refreshing its own copy of the pair, and the session is revoked for refresh-token reuse: the test can fail.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MultiTabRefreshTests(BrowserFixture browser) : BrowserTest(browser)
{
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Per tab: pauses between bursts of three concurrent calls. Tab 3 pauses 6 s now and then (a throttled background
    /// tab): three access-token lifetimes, so a copy of the pair it kept is two rotations old when it wakes.
    /// </summary>
    private static readonly int[][] Schedules = [[250], [900], [300, 300, 6000]];

    private const string RunSchedule = """
        async ({ pauses, durationMs, call }) => {
          const counts = {};
          const end = Date.now() + durationMs;
          let i = 0;
          let last = null;
          while (Date.now() < end) {
            const results = await Promise.all([0, 1, 2].map(() => window[call]().catch((e) => 'network:' + e.message)));
            for (const r of results) counts[r] = (counts[r] ?? 0) + 1;
            last = results.find((r) => r !== 200) ?? last;
            if (results.some((r) => r === 'refresh_token_reused' || r === 'session_revoked')) break;
            await new Promise((r) => setTimeout(r, pauses[i++ % pauses.length]));
          }
          return JSON.stringify(counts);
        }
        """;

    /// <summary>With the Web Locks API (a minute), and with the BroadcastChannel fallback (the leader grants the lock; 20 s).</summary>
    [Theory]
    [InlineData(true, 60)]
    [InlineData(false, 20)]
    public async Task ThreeTabsRefreshingThroughAMinuteOfRotationsNeverPresentASpentRefreshToken(bool webLocks, int seconds)
    {
        var userId = TestTenants.NewUserId();
        var created = await Fixture.CreateSessionAsync(userId, "Three tabs");
        var sessionId = created.GetProperty("sessionId").GetString()!;
        var context = await NewContextAsync();
        var scope = "multi-" + userId;
        var tabs = new List<IPage>();
        for (var i = 0; i < 3; i++)
        {
            var page = await NewPageAsync(context);
            await page.GotoAsync("/account");
            await page.WaitForFunctionAsync("() => window.SessionCluster");
            // The first tab gets the pair from the app's back end; the others get it from the first, never from the app.
            await page.EvaluateAsync("""
                async ({ scope, pair, webLocks }) => {
                  const c = new SessionCluster.SessionClient({ mode: 'bearer', scope, webLocks });
                  window.sdk = c;
                  window.sdkCall = async () => {
                    const r = await c.fetch('/v1/me');
                    return r.status === 200 ? 200 : ((await r.json().catch(() => ({}))).code ?? r.status);
                  };
                  if (pair) { await c.signIn(pair); } else { await c.start(); }
                }
                """, new { scope, pair = i == 0 ? new { accessToken = created.GetProperty("accessToken").GetString(), refreshToken = created.GetProperty("refreshToken").GetString() } : null, webLocks });
            Assert.Equal("online", await page.EvaluateAsync<string>("() => window.sdk.state"));
            tabs.Add(page);
        }

        if (!webLocks)
        {
            // The fallback elects by announcements: wait until the three tabs agree on one leader.
            await tabs[0].WaitForFunctionAsync("() => window.sdk.isLeader", null, new() { Timeout = 5_000 });
        }
        var runs = tabs.Select((page, i) => page.EvaluateAsync<string>(RunSchedule, new { pauses = Schedules[i], durationMs = seconds * 1000, call = "sdkCall" })).ToList();
        var counts = await Task.WhenAll(runs);
        var stats = await Task.WhenAll(tabs.Select(t => t.EvaluateAsync<JsonElement>("() => window.sdk.refreshStats")));
        var leaders = await Task.WhenAll(tabs.Select(t => t.EvaluateAsync<bool>("() => window.sdk.isLeader")));
        TestContext.Current.TestOutputHelper?.WriteLine($"calls per tab: {string.Join(" | ", counts)}; refresh stats: {string.Join(" | ", stats.Select(s => s.ToString()))}; leaders: {string.Join(",", leaders)}");

        foreach (var perTab in counts)
        {
            var byResult = JsonSerializer.Deserialize<Dictionary<string, int>>(perTab)!;
            Assert.True(byResult.Keys.All(k => k == "200"), $"a tab saw something other than 200: {perTab}");
        }
        var rotated = stats.Sum(s => s.GetProperty("rotated").GetInt32());
        var adopted = stats.Sum(s => s.GetProperty("adopted").GetInt32());
        // Tokens last 2 s: a rotation every couple of seconds (one per expiry, not one per tab), and tabs adopting each other's.
        Assert.InRange(rotated, seconds / 4, seconds * 3 / 4);
        Assert.True(adopted > 0, "no tab ever adopted another tab's pair");
        Assert.Equal(1, leaders.Count(l => l));
        var session = await Fixture.SessionAsync(sessionId);
        Assert.Equal("active", session.GetProperty("status").GetString());
        var events = await Fixture.EventsAsync(userId);
        Assert.DoesNotContain(events, e => e.GetProperty("type").GetString() == "security.alert");
    }

    [Fact]
    public async Task ThreeNaiveTabsEachRefreshingTheirOwnPairGetTheSessionRevokedForReuse()
    {
        var userId = TestTenants.NewUserId();
        var created = await Fixture.CreateSessionAsync(userId, "Three naive tabs");
        var sessionId = created.GetProperty("sessionId").GetString()!;
        var context = await NewContextAsync();
        var tabs = new List<IPage>();
        for (var i = 0; i < 3; i++)
        {
            var page = await NewPageAsync(context);
            await page.GotoAsync("/account");
            // What a page without the SDK does: each tab reads the pair once and refreshes its own copy on a 401.
            await page.EvaluateAsync("""
                (pair) => {
                  let mine = { ...pair };
                  window.naiveCall = async () => {
                    for (let attempt = 0; attempt < 2; attempt++) {
                      const r = await fetch('/v1/me', { headers: { Authorization: 'Bearer ' + mine.accessToken } });
                      if (r.status === 200) return 200;
                      const code = (await r.json()).code;
                      if (code !== 'access_token_expired' && code !== 'token_invalid') return code;
                      const rr = await fetch('/v1/me/refresh-token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: mine.refreshToken }) });
                      const body = await rr.json();
                      if (!rr.ok) return body.code;
                      mine = { accessToken: body.accessToken, refreshToken: body.refreshToken };
                    }
                    return 'gave_up';
                  };
                }
                """, new { accessToken = created.GetProperty("accessToken").GetString(), refreshToken = created.GetProperty("refreshToken").GetString() });
            tabs.Add(page);
        }

        var counts = await Task.WhenAll(tabs.Select((page, i) => page.EvaluateAsync<string>(RunSchedule, new { pauses = Schedules[i], durationMs = (int)Minute.TotalMilliseconds, call = "naiveCall" })));
        TestContext.Current.TestOutputHelper?.WriteLine($"naive calls per tab: {string.Join(" | ", counts)}");

        Assert.Contains(counts, c => c.Contains("refresh_token_reused", StringComparison.Ordinal));
        var session = await Fixture.SessionAsync(sessionId);
        Assert.Equal("revoked", session.GetProperty("status").GetString());
        Assert.Equal("refresh_token_reused", session.GetProperty("endReason").GetString());
        var events = await Fixture.EventsAsync(userId);
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "security.alert");
    }
}
