using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Browser;

/// <summary>
/// samples/WebApp (SessionCluster.AspNetCore, validation cache on) as a real process in front of the browser
/// fixture's API, driven by Chromium: log in, the protected page, sign out everywhere from another browser, and the
/// first browser's protected page now sends it to the login form; the account page's components on the sample's origin.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SampleWebAppTests(BrowserFixture browser) : BrowserTest(browser)
{
    private static async Task LogInAsync(IPage page, Uri sample, string user)
    {
        await page.GotoAsync(sample + "protected");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Fprotected$"));
        await page.FillAsync("#login-user", user);
        await page.FillAsync("#login-password", "demo");
        await page.ClickAsync("#login-submit");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/protected$"));
        await Assertions.Expect(page.Locator("#user")).ToHaveTextAsync(user);
    }

    [Fact]
    public async Task SignOutEverywhereFromAnotherBrowserSendsTheFirstBackToLogin()
    {
        var port = FreePort.Next();
        var address = new Uri($"http://127.0.0.1:{port}");
        await using var sample = ChildProcess.StartDotnet("sample-webapp", BuiltApps.WebAppSample, ["--urls", address.ToString()], new Dictionary<string, string?>
        {
            ["SessionCluster__Client__BaseUrl"] = Fixture.Address.ToString(),
            ["SessionCluster__Client__ApiKey"] = BrowserFixture.ApiKey,
        });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await ProcessCluster.IsReadyAsync(address, "/login"))
        {
            Assert.False(sample.HasExited || DateTime.UtcNow > deadline, $"the sample did not start:\n{sample.Tail()}");
            await Task.Delay(200);
        }
        var user = TestTenants.NewUserId();

        var laptop = await NewPageAsync(await NewContextAsync());
        var phone = await NewPageAsync(await NewContextAsync());
        await LogInAsync(laptop, address, user);

        // A wrong password is refused and signs nobody in.
        await phone.GotoAsync(address + "login");
        await phone.FillAsync("#login-user", user);
        await phone.FillAsync("#login-password", "wrong");
        await phone.ClickAsync("#login-submit");
        await Assertions.Expect(phone.Locator("#error")).ToBeVisibleAsync();

        await LogInAsync(phone, address, user);

        // The account page's components on the sample's own origin (passed to SessionCluster by the sample), with the
        // cookies the sample's sign-in set: both sessions, this one first.
        await laptop.ClickAsync("#account");
        await Assertions.Expect(laptop).ToHaveURLAsync(new Regex($"^{Regex.Escape(address.ToString())}account$"));
        await Assertions.Expect(laptop.Locator("sc-sessions li[data-session-id]")).ToHaveCountAsync(2);
        await Assertions.Expect(laptop.Locator("sc-sessions li.current")).ToContainTextAsync("This device");
        await SaveScreenshotAsync(laptop, "sample-webapp-account.png");
        await laptop.GoBackAsync();

        var signedOut = phone.WaitForResponseAsync(r => r.Url.Contains("/logout", StringComparison.Ordinal));
        await phone.ClickAsync("#sign-out-everywhere");
        var answer = await signedOut;
        Assert.True(answer.Status == 204, $"logout answered {answer.Status}\n{sample.Tail()}");
        await Assertions.Expect(phone).ToHaveURLAsync(new Regex("/login$"));

        await laptop.ReloadAsync();
        await Assertions.Expect(laptop).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Fprotected$"));
        await SaveScreenshotAsync(laptop, "sample-webapp-signed-out.png");
        var sessions = await (await Fixture.Service.GetAsync($"/v1/users/{user}/sessions")).AssertOkAsync();
        Assert.Empty(sessions.GetProperty("sessions").EnumerateArray());
    }
}
