using Microsoft.Playwright;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Browser;

/// <summary>
/// What users rely on most: an outage is never a sign-out. The page's calls meet 503s, then a dead network, then a
/// rate-limited refresh; the SDK says "reconnecting", retries with backoff, and once the service answers again the
/// same session carries on. (The real API stays up; the failures are injected at the browser's network layer.)
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OutageTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const string Call = "async () => { try { return String((await SessionCluster.defaultClient().fetch('/v1/me')).status); } catch (e) { return 'network'; } }";

    [Fact]
    public async Task NetworkErrors503sAnd429sNeverSignTheUserOutAndTheSessionCarriesOnAfterwards()
    {
        var context = await NewContextAsync();
        var page = await NewPageAsync(context);
        var sessionId = await Fixture.SignInWithCookiesAsync(page, TestTenants.NewUserId(), "Laptop");
        await page.WaitForFunctionAsync("() => window.SessionCluster && SessionCluster.defaultClient().state === 'online'");
        await page.EvaluateAsync(SessionTimeoutTests.RecordEvents);
        await page.EvaluateAsync("() => { window.states = []; SessionCluster.defaultClient().addEventListener('state', (e) => window.states.push(e.detail)); }");
        await page.WaitForTimeoutAsync((float)BrowserFixture.AccessTokenLifetime.TotalMilliseconds + 500); // the access token is stale now

        // 1. The service answers 503 (with Retry-After) to everything under /v1/me.
        await page.RouteAsync("**/v1/me/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 503,
            ContentType = "application/problem+json",
            Headers = new Dictionary<string, string> { ["Retry-After"] = "1" },
            Body = """{"type":"urn:sessioncluster:problem:cluster_unavailable","title":"down","status":503,"code":"cluster_unavailable"}""",
        }));
        await page.RouteAsync("**/v1/me", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 503,
            ContentType = "application/problem+json",
            Body = """{"status":503,"code":"storage_unavailable"}""",
        }));
        Assert.Equal("503", await page.EvaluateAsync<string>(Call));
        Assert.Equal("reconnecting", await page.EvaluateAsync<string>("() => SessionCluster.defaultClient().state"));

        // 2. No network at all.
        await page.UnrouteAllAsync();
        await page.RouteAsync("**/v1/me**", route => route.AbortAsync("internetdisconnected"));
        Assert.Equal("network", await page.EvaluateAsync<string>(Call));
        Assert.Equal("reconnecting", await page.EvaluateAsync<string>("() => SessionCluster.defaultClient().state"));

        // 3. Back, but the refresh is rate-limited twice before it goes through.
        await page.UnrouteAllAsync();
        var limited = 0;
        await page.RouteAsync("**/v1/me/refresh", async route =>
        {
            if (Interlocked.Increment(ref limited) <= 2)
            {
                await route.FulfillAsync(new RouteFulfillOptions
                {
                    Status = 429,
                    ContentType = "application/problem+json",
                    Headers = new Dictionary<string, string> { ["Retry-After"] = "1" },
                    Body = """{"status":429,"code":"rate_limited"}""",
                });
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        Assert.Equal("200", await page.EvaluateAsync<string>(Call));
        Assert.True(limited >= 3, $"the refresh was tried {limited} times");

        Assert.Equal("online", await page.EvaluateAsync<string>("() => SessionCluster.defaultClient().state"));
        Assert.Contains("reconnecting", await page.EvaluateAsync<string[]>("() => window.states"));
        Assert.DoesNotContain("signedOut", await page.EvaluateAsync<string[]>("() => window.states"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.seen.filter((e) => ['expired', 'revoked', 'signedOut'].includes(e.type)).length"));
        Assert.Equal("active", (await Fixture.SessionAsync(sessionId)).GetProperty("status").GetString());
        Assert.Contains(await context.CookiesAsync(), c => c.Name == "__Host-sc-access");
    }
}
