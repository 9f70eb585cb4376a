using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SessionCluster.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionCluster.Tests.Browser;

/// <summary>
/// The account page across two browser contexts (two devices of one user): revoking from &lt;sc-sessions&gt; in one
/// reaches the other within a second, after the other's leader tab closed and leadership moved; device linking end to
/// end; axe-core and keyboard-only use of /account.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionsPageTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const string PhoneAgent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

    [Fact]
    public async Task RevokingASessionFromSessionsInOneContextReachesTheOtherContextWithinASecondAfterLeadershipMoved()
    {
        var userId = TestTenants.NewUserId();
        var laptop = await NewContextAsync();
        var laptopPage = await NewPageAsync(laptop);
        await Fixture.SignInWithCookiesAsync(laptopPage, userId, "Laptop");
        await laptopPage.WaitForFunctionAsync("() => window.SessionCluster && SessionCluster.defaultClient().state === 'online'");
        await laptopPage.EvaluateAsync(SessionTimeoutTests.RecordEvents);

        var phone = await NewContextAsync(PhoneAgent);
        var phoneLeader = await NewPageAsync(phone);
        var phoneSessionId = await Fixture.SignInWithCookiesAsync(phoneLeader, userId, "Phone");
        await phoneLeader.WaitForFunctionAsync("() => SessionCluster.defaultClient().isLeader");
        var phoneOther = await NewPageAsync(phone);
        await phoneOther.GotoAsync("/account");
        await phoneOther.WaitForFunctionAsync("() => window.SessionCluster && SessionCluster.defaultClient().state === 'online'");
        Assert.False(await phoneOther.EvaluateAsync<bool>("() => SessionCluster.defaultClient().isLeader"));
        await phoneOther.EvaluateAsync(SessionTimeoutTests.RecordEvents);

        // The laptop heard about the phone as it happened: a sign-in from a new device is a security alert, and the
        // phone's data write reaches the laptop too.
        await laptopPage.WaitForFunctionAsync("() => window.seen.some((e) => e.type === 'securityAlert' && e.detail.detail.reason === 'new_device')", null, new() { Timeout = 5_000 });
        Assert.Equal(200, await phoneOther.EvaluateAsync<int>("async () => (await SessionCluster.defaultClient().fetch('/v1/me/data', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { theme: 'dark' } }) })).status"));
        await laptopPage.WaitForFunctionAsync("() => window.seen.some((e) => e.type === 'dataChanged')", null, new() { Timeout = 5_000 });

        // The leader tab closes: the other tab takes the stream over.
        await phoneLeader.CloseAsync();
        await phoneOther.WaitForFunctionAsync("() => SessionCluster.defaultClient().isLeader", null, new() { Timeout = 10_000 });
        await phoneOther.WaitForFunctionAsync("() => SessionCluster.defaultClient().state === 'online'");

        // The laptop sees the phone, parsed from its user agent, and signs it out (confirmed).
        var row = laptopPage.Locator($"sc-sessions li[data-session-id='{phoneSessionId}']");
        await Expect(row).ToContainTextAsync("Chrome 131 on Android 14");
        await Expect(row).ToContainTextAsync("Phone");
        await Expect(laptopPage.Locator("sc-sessions li.current")).ToContainTextAsync("This device");
        await Expect(laptopPage.Locator("sc-sessions li[data-session-id]").First).ToHaveClassAsync("current"); // pinned on top
        await SaveScreenshotAsync(laptopPage, "account-page.png");
        await row.GetByRole(AriaRole.Button, new() { Name = "Sign out this session" }).ClickAsync();
        var confirm = row.GetByRole(AriaRole.Button, new() { Name = "Yes, sign out" });
        await Expect(confirm).ToBeFocusedAsync();
        var clickedAt = await laptopPage.EvaluateAsync<long>("() => Date.now()");
        await confirm.ClickAsync();

        await phoneOther.WaitForFunctionAsync("() => window.seen.some((e) => e.type === 'revoked')", null, new() { Timeout = 5_000 });
        var revokedAt = await phoneOther.EvaluateAsync<long>("() => window.seen.find((e) => e.type === 'revoked').at");
        TestContext.Current.TestOutputHelper?.WriteLine($"revocation reached the other context after {revokedAt - clickedAt} ms");
        Assert.InRange(revokedAt - clickedAt, 0, 1000);
        Assert.Equal("signedOut", await phoneOther.EvaluateAsync<string>("() => SessionCluster.defaultClient().state"));
        await Expect(laptopPage.Locator($"sc-sessions li[data-session-id='{phoneSessionId}']")).ToHaveCountAsync(0);
        Assert.Equal("revoked", (await Fixture.SessionAsync(phoneSessionId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ANewDeviceShowsACodeASignedInDeviceApprovesItAndTheNewDeviceIsSignedInWithCookies()
    {
        var userId = TestTenants.NewUserId();
        var laptop = await NewContextAsync();
        var laptopPage = await NewPageAsync(laptop);
        await Fixture.SignInWithCookiesAsync(laptopPage, userId, "Laptop");
        await Expect(laptopPage.Locator("sc-sessions li[data-session-id]")).ToHaveCountAsync(1);
        await laptopPage.EvaluateAsync(SessionTimeoutTests.RecordEvents);

        var tv = await NewContextAsync();
        var tvPage = await NewPageAsync(tv);
        await tvPage.GotoAsync($"/account?tenant={BrowserFixture.Tenant}");
        await tvPage.GetByRole(AriaRole.Button, new() { Name = "Show a code" }).ClickAsync();
        var code = tvPage.Locator("sc-link-device output.code");
        await Expect(code).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4}$"));
        var userCode = await code.TextContentAsync();
        await SaveScreenshotAsync(tvPage, "link-device-code.png");

        // A wrong code first: refused, nothing linked.
        var input = laptopPage.GetByLabel("Code shown on the new device");
        await input.FillAsync("BBBB-BBBB");
        await laptopPage.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(laptopPage.Locator("sc-link-device [role=status]")).ToContainTextAsync("not valid");

        await input.FillAsync(userCode!.ToLowerInvariant());
        await input.PressAsync("Enter");
        await Expect(laptopPage.Locator("sc-link-device [role=status]")).ToContainTextAsync("now signed in");

        // The new device signs itself in: the session arrives as the HttpOnly cookies, never as a token to script.
        await tvPage.WaitForFunctionAsync("() => SessionCluster.defaultClient().state === 'online'", null, new() { Timeout = 15_000 });
        var cookies = await tv.CookiesAsync();
        var access = Assert.Single(cookies, c => c.Name == "__Host-sc-access");
        Assert.True(access.HttpOnly && access.Secure);
        Assert.DoesNotContain(cookies, c => c.Name == "__Host-sc-link");
        Assert.Equal(userId, await tvPage.EvaluateAsync<string>("() => SessionCluster.defaultClient().session.userId"));
        Assert.False(await tvPage.EvaluateAsync<bool>("() => document.cookie.includes('sc-access')"));
        await Expect(tvPage.Locator("sc-sessions li.current")).ToHaveCountAsync(1);

        // The laptop's list updates by itself: two sessions now, the linked device among the devices.
        await Expect(laptopPage.Locator("sc-sessions li[data-session-id]")).ToHaveCountAsync(2, new() { Timeout = 5_000 });
        await Expect(laptopPage.Locator("sc-sessions li[data-device-id]", new() { HasText = "linked with a code" })).ToHaveCountAsync(1);
        Assert.True(await laptopPage.EvaluateAsync<bool>("() => window.seen.some((e) => e.type === 'deviceLinked')"));
    }

    [Fact]
    public async Task TheAccountPageHasNoAxeViolationsSignedInOrOutAndWorksByKeyboardAlone()
    {
        var userId = TestTenants.NewUserId();
        await Fixture.CreateSessionAsync(userId, "Work PC", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0");
        var context = await NewContextAsync();
        var page = await NewPageAsync(context);
        var sessionId = await Fixture.SignInWithCookiesAsync(page, userId, "Laptop");
        await Expect(page.Locator("sc-sessions li[data-session-id]")).ToHaveCountAsync(2);

        var signedIn = await page.RunAxe();
        Assert.True(signedIn.Violations.Length == 0, Describe(signedIn));
        Assert.Contains(signedIn.Passes, p => p.Id == "button-name"); // axe saw into the elements' shadow roots

        // Keyboard only: Tab reaches "Sign out this session" of the other session; Enter asks; focus goes to the
        // confirmation; Cancel returns focus; then "Sign out all other sessions" by keyboard.
        var other = page.Locator("sc-sessions li[data-session-id]:not(.current)");
        var signOut = other.GetByRole(AriaRole.Button, new() { Name = "Sign out this session" });
        for (var i = 0; i < 12 && !await IsFocusedAsync(signOut); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.True(await IsFocusedAsync(signOut), "Tab never reached the other session's sign-out button");
        await page.Keyboard.PressAsync("Enter");
        await Expect(other.GetByRole(AriaRole.Button, new() { Name = "Yes, sign out" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(other.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(signOut).ToBeFocusedAsync();
        var all = page.GetByRole(AriaRole.Button, new() { Name = "Sign out all other sessions" });
        await all.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Enter"); // "Yes, sign out all others" has the focus
        await Expect(page.Locator("sc-sessions [role=status]")).ToContainTextAsync("Signed out 1 other session");
        await Expect(page.Locator("sc-sessions li[data-session-id]")).ToHaveCountAsync(1);
        Assert.Equal("active", (await Fixture.SessionAsync(sessionId)).GetProperty("status").GetString());

        // Signed out (a new browser on the link-a-device page): no violations either.
        var stranger = await NewPageAsync(await NewContextAsync());
        await stranger.GotoAsync($"/account?tenant={BrowserFixture.Tenant}");
        await Expect(stranger.GetByRole(AriaRole.Button, new() { Name = "Show a code" })).ToBeVisibleAsync();
        var signedOut = await stranger.RunAxe();
        Assert.True(signedOut.Violations.Length == 0, Describe(signedOut));
    }

    [Fact]
    public async Task TheDevelopmentSignInOpensTheAccountPageSignedIn()
    {
        var page = await NewPageAsync(await NewContextAsync());
        await page.GotoAsync("/dev/sign-in");
        var userId = TestTenants.NewUserId();
        await page.GetByLabel("User id").FillAsync(userId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in and open /account" }).ClickAsync();
        await page.WaitForURLAsync("**/account");
        await page.WaitForFunctionAsync("() => window.SessionCluster && SessionCluster.defaultClient().state === 'online'");
        Assert.Equal(userId, await page.EvaluateAsync<string>("() => SessionCluster.defaultClient().session.userId"));
        await Expect(page.Locator("sc-sessions li.current")).ToContainTextAsync("Development browser");

        // The ES module build loads too, under the same CSP, and exports the same API.
        Assert.Equal("function", await page.EvaluateAsync<string>("async () => typeof (await import('/account/sessioncluster.mjs')).SessionClient"));
    }

    private static async Task<bool> IsFocusedAsync(ILocator locator) => await locator.EvaluateAsync<bool>("(el) => el.getRootNode().activeElement === el");

    private static string Describe(Deque.AxeCore.Commons.AxeResult result) =>
        "axe: " + string.Join("; ", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})"));
}
