using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SessionCluster.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionCluster.Tests.Browser;

/// <summary>
/// The expiry dialog in three tabs of one browser (cookie mode, the default): it opens WarningLead before the idle
/// expiry in every tab; "Stay signed in", chosen by keyboard in one tab, extends and closes it everywhere; then doing
/// nothing ends the session and every tab hears <c>expired</c>. At the absolute cap it says so and offers to save work.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionTimeoutTests(BrowserFixture browser) : BrowserTest(browser)
{
    internal const string RecordEvents = """
        () => {
          window.seen = [];
          const c = SessionCluster.defaultClient();
          for (const t of ['expiring', 'extended', 'dismissed', 'expired', 'revoked', 'signedOut', 'leader', 'securityAlert', 'deviceLinked', 'dataChanged'])
            c.addEventListener(t, (e) => window.seen.push({ type: t, at: Date.now(), detail: e.detail }));
        }
        """;

    private const string OpenDialog = "sc-session-timeout dialog[open]";

    [Fact]
    public async Task TheDialogOpensInEveryTabStaySignedInInOneClosesItEverywhereAndDoingNothingEndsTheSession()
    {
        var userId = TestTenants.NewUserId();
        var context = await NewContextAsync();
        var first = await NewPageAsync(context);
        var sessionId = await Fixture.SignInWithCookiesAsync(first, userId, "Laptop");
        var tabs = new List<IPage> { first, await NewPageAsync(context), await NewPageAsync(context) };
        foreach (var tab in tabs)
        {
            if (tab != first)
            {
                await tab.GotoAsync("/account");
            }
            await tab.WaitForFunctionAsync("() => window.SessionCluster && SessionCluster.defaultClient().state === 'online'");
            await tab.EvaluateAsync(RecordEvents);
        }
        var expiresAt = DateTimeOffset.Parse((await Fixture.SessionAsync(sessionId)).GetProperty("idleExpiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        // Every tab shows it, WarningLead before the end (give or take the watch's and the stream's latency).
        var idle = BrowserFixture.IdleTimeout.TotalMilliseconds;
        foreach (var tab in tabs)
        {
            await tab.Locator(OpenDialog).WaitForAsync(new() { Timeout = (float)idle });
        }
        foreach (var tab in tabs)
        {
            var warning = await tab.EvaluateAsync<JsonElement>("() => window.seen.find((e) => e.type === 'expiring')");
            var shownAt = DateTimeOffset.FromUnixTimeMilliseconds(warning.GetProperty("at").GetInt64());
            // Measured against the expiry the server announced (page loads were activity too and moved it a little).
            var announced = DateTimeOffset.Parse(warning.GetProperty("detail").GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(announced >= expiresAt, $"announced {announced:O}, read {expiresAt:O}");
            var lead = announced - shownAt;
            TestContext.Current.TestOutputHelper?.WriteLine($"dialog shown {lead.TotalSeconds:F2} s before the announced expiry (WarningLead {BrowserFixture.WarningLead.TotalSeconds} s)");
            Assert.InRange(lead.TotalSeconds, BrowserFixture.WarningLead.TotalSeconds - 1.5, BrowserFixture.WarningLead.TotalSeconds + 0.5);
            Assert.False(warning.GetProperty("detail").GetProperty("capped").GetBoolean());
        }
        var dialog = first.Locator(OpenDialog);
        await Expect(dialog).ToHaveAttributeAsync("role", "alertdialog");
        await Expect(first.Locator("sc-session-timeout [role=timer]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^0:0\d$"));
        await SaveScreenshotAsync(first, "session-timeout-dialog.png", fullPage: false);

        // axe-core on the open dialog: no violations.
        var axe = await first.RunAxe();
        Assert.True(axe.Violations.Length == 0, "axe: " + string.Join("; ", axe.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));

        // Keyboard only, in the second tab: focus starts on "Stay signed in" and Tab stays inside the dialog.
        var second = tabs[1];
        Assert.Equal("Stay signed in", await FocusedAsync(second));
        await second.Keyboard.PressAsync("Tab");
        Assert.Equal("Sign out now", await FocusedAsync(second));
        await second.Keyboard.PressAsync("Tab");
        Assert.Equal("Stay signed in", await FocusedAsync(second));
        await second.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("Sign out now", await FocusedAsync(second));
        await second.Keyboard.PressAsync("Shift+Tab");
        await second.Keyboard.PressAsync("Enter");

        foreach (var tab in tabs)
        {
            await Expect(tab.Locator(OpenDialog)).ToHaveCountAsync(0, new() { Timeout = 2000 });
        }
        var extended = await Fixture.SessionAsync(sessionId);
        Assert.Equal("active", extended.GetProperty("status").GetString());
        Assert.True(DateTimeOffset.Parse(extended.GetProperty("idleExpiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > expiresAt);

        // Now nobody does anything: the warning comes back, then the session ends and every tab hears it.
        foreach (var tab in tabs)
        {
            await tab.WaitForFunctionAsync("() => window.seen.some((e) => e.type === 'expired')", null, new() { Timeout = (float)(idle + 10_000) });
            Assert.Equal("signedOut", await tab.EvaluateAsync<string>("() => SessionCluster.defaultClient().state"));
            await Expect(tab.Locator("sc-session-timeout h2")).ToHaveTextAsync("You have been signed out");
        }
        var ended = await Fixture.SessionAsync(sessionId);
        Assert.Equal("expired", ended.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AtTheAbsoluteCapTheDialogSaysSoOffersToSaveWorkAndDismissingItInOneTabDismissesItInAll()
    {
        using var capped = new HttpClient { BaseAddress = Fixture.Address };
        capped.DefaultRequestHeaders.Add("X-Api-Key", BrowserFixture.CappedKey);
        var context = await NewContextAsync();
        var first = await NewPageAsync(context);
        await first.GotoAsync("/account");
        var userAgent = await first.EvaluateAsync<string>("() => navigator.userAgent");
        var created = await Fixture.CreateSessionAsync(TestTenants.NewUserId(), "Kiosk", userAgent, capped);
        await first.EvaluateAsync("async (rt) => { await fetch('/v1/me/cookie', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: rt }) }); }",
            created.GetProperty("refreshToken").GetString());
        var second = await NewPageAsync(context);
        foreach (var tab in new[] { first, second })
        {
            await tab.GotoAsync("/account");
            await tab.WaitForFunctionAsync("() => window.SessionCluster && SessionCluster.defaultClient().state === 'online'");
            await tab.EvaluateAsync(RecordEvents);
        }
        foreach (var tab in new[] { first, second })
        {
            await tab.Locator(OpenDialog).WaitForAsync(new() { Timeout = 10_000 });
        }
        await Expect(first.Locator("sc-session-timeout h2")).ToHaveTextAsync("Your session is reaching its time limit");
        await Expect(first.Locator("sc-session-timeout button", new() { HasText = "Save my work" })).ToBeVisibleAsync();
        await Expect(first.Locator("sc-session-timeout button", new() { HasText = "Stay signed in" })).ToHaveCountAsync(0);
        Assert.True(await first.EvaluateAsync<bool>("() => SessionCluster.defaultClient().expiring.capped"));

        var saved = first.EvaluateAsync<bool>("() => new Promise((r) => document.addEventListener('sc-save-work', () => r(true), { once: true }))");
        await first.Locator("sc-session-timeout button", new() { HasText = "Save my work" }).ClickAsync();
        Assert.True(await saved);
        await first.Locator("sc-session-timeout button", new() { HasText = "Dismiss" }).ClickAsync();
        await Expect(first.Locator(OpenDialog)).ToHaveCountAsync(0);
        await Expect(second.Locator(OpenDialog)).ToHaveCountAsync(0, new() { Timeout = 2000 });
    }

    internal static Task<string> FocusedAsync(IPage page) =>
        page.EvaluateAsync<string>("() => document.querySelector('sc-session-timeout').shadowRoot.activeElement?.textContent ?? ''");
}
