using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Browser;

/// <summary>
/// Debian's real Chromium (never a downloaded browser), started once, and a real API process in embedded mode
/// (Development, so the dev sign-in exists) with second-scale policy for the <c>browser</c> tenant. Chromium
/// accepts the production cookies (<c>__Host-</c>, Secure) on http://127.0.0.1, a potentially trustworthy origin, so
/// no cookie attribute is weakened and no certificate is needed. Absent chromium: the tests skip with the reason,
/// except under CI=true, where they fail.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Tenant = "browser";
    public const string ApiKey = "browser-key-1";
    /// <summary>The tenant whose absolute lifetime ends sessions (the dialog then offers to save work).</summary>
    public const string CappedTenant = "browsercap";
    public const string CappedKey = "browsercap-key-1";

    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan WarningLead = TimeSpan.FromSeconds(8);

    /// <summary>
    /// The flags the closed network needs, plus: every tab's timers run at full rate. Chromium slows background tabs'
    /// timers, and the multi-tab tests are about tabs acting at the same moment (a real user's tabs can too).
    /// </summary>
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"];

    private ChildProcess? _api;
    private IPlaywright? _playwright;

    public Uri Address { get; private set; } = new("http://127.0.0.1");

    public IBrowser Browser { get; private set; } = null!;

    public string? UnavailableReason { get; private set; }

    /// <summary>Screenshots and (on failure) traces: the test output directory's artifacts/browser.</summary>
    public string ArtifactsDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "browser")).FullName;

    public HttpClient Service { get; private set; } = null!;

    public void Require()
    {
        if (UnavailableReason is null)
        {
            return;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI=true and Chromium is required: {UnavailableReason}");
        }
        Assert.Skip(UnavailableReason);
    }

    public async ValueTask InitializeAsync()
    {
        var chromium = FindOnPath("chromium");
        if (chromium is null)
        {
            UnavailableReason = "chromium is not installed (apt-get install -y chromium); the browser tests drive Debian's real Chromium.";
            return;
        }
        var port = FreePort.Next();
        Address = new Uri($"http://127.0.0.1:{port}");
        var env = TestTenants.Configuration().ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
        env["ASPNETCORE_ENVIRONMENT"] = "Development";
        env["Orleans__Endpoints__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        env["Orleans__Endpoints__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        env["SessionCluster__Tenants__browser__ApiKeys__0"] = ApiKey;
        env["SessionCluster__Tenants__browser__Policy__AccessTokenLifetime"] = AccessTokenLifetime.ToString();
        env["SessionCluster__Tenants__browser__Policy__IdleTimeout"] = IdleTimeout.ToString();
        env["SessionCluster__Tenants__browser__Policy__WarningLead"] = WarningLead.ToString();
        env["SessionCluster__Tenants__browser__Policy__AbsoluteLifetime"] = "00:30:00";
        env["SessionCluster__Tenants__browser__Policy__RiskIdleTimeout"] = IdleTimeout.ToString();
        env["SessionCluster__Tenants__browser__Browser__PublicDeviceLinks"] = "true";
        env["SessionCluster__Tenants__browsercap__ApiKeys__0"] = CappedKey;
        env["SessionCluster__Tenants__browsercap__Policy__AbsoluteLifetime"] = "00:00:14";
        env["SessionCluster__Tenants__browsercap__Policy__IdleTimeout"] = "00:05:00";
        env["SessionCluster__Tenants__browsercap__Policy__WarningLead"] = WarningLead.ToString();
        env["SessionCluster__EventStream__HeartbeatInterval"] = "00:00:05";
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        _api = ChildProcess.StartDotnet("api-browser", BuiltApps.Api, ["--urls", Address.ToString()], env);
        Service = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        Service.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await ProcessCluster.IsReadyAsync(Address))
        {
            if (_api.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the API did not start:\n{_api.Tail()}");
            }
            await Task.Delay(200);
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Args = ChromiumArgs, Headless = true });
    }

    /// <summary>A fresh browser profile (its own cookies: another device), light theme, traced for failure reports.</summary>
    public async Task<IBrowserContext> NewContextAsync(string? userAgent = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            ColorScheme = ColorScheme.Light,
            ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
            UserAgent = userAgent,
            Locale = "en-GB",
        });
        await context.Tracing.StartAsync(new TracingStartOptions { Screenshots = true, Snapshots = true });
        return context;
    }

    /// <summary>What an app's back end does at sign-in: create the session with the tenant's key.</summary>
    public async Task<JsonElement> CreateSessionAsync(string userId, string deviceName, string? userAgent = null, HttpClient? service = null)
    {
        var response = await (service ?? Service).PostAsJsonAsync("/v1/sessions", new
        {
            userId,
            device = new { name = deviceName },
            client = new { ip = "127.0.0.1", userAgent },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>
    /// Signs the page's browser context in, as an app's sign-in page would: the back end makes the session, the page
    /// trades the refresh token for the HttpOnly cookies (POST /v1/me/cookie), then opens /account.
    /// </summary>
    public async Task<string> SignInWithCookiesAsync(IPage page, string userId, string deviceName, string path = "/account")
    {
        var userAgent = await page.EvaluateAsync<string>("() => navigator.userAgent");
        var created = await CreateSessionAsync(userId, deviceName, userAgent);
        if (page.Url == "about:blank")
        {
            await page.GotoAsync("/account");
        }
        var status = await page.EvaluateAsync<int>(
            "async (rt) => (await fetch('/v1/me/cookie', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: rt }) })).status",
            created.GetProperty("refreshToken").GetString());
        Assert.Equal(200, status);
        await page.GotoAsync(path);
        return created.GetProperty("sessionId").GetString()!;
    }

    public async Task<JsonElement> SessionAsync(string sessionId, HttpClient? service = null)
    {
        var response = await (service ?? Service).GetAsync($"/v1/sessions/{sessionId}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async Task<JsonElement[]> EventsAsync(string userId)
    {
        var response = await Service.GetAsync($"/v1/users/{userId}/events?limit=500");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return [.. json.GetProperty("events").EnumerateArray()];
    }

    public string ApiTail() => _api?.Tail(60) ?? "";

    public async ValueTask DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.CloseAsync();
            _playwright.Dispose();
        }
        Service?.Dispose();
        if (_api is not null)
        {
            await _api.StopAsync(TimeSpan.FromSeconds(10));
            await _api.DisposeAsync();
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>
/// A browser test: contexts it opens are closed after it, and on failure each context's Playwright trace and a
/// screenshot of each open page are saved to the artifacts directory.
/// </summary>
public abstract class BrowserTest(BrowserFixture browser) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    protected BrowserFixture Fixture => browser;

    protected async Task<IBrowserContext> NewContextAsync(string? userAgent = null)
    {
        var context = await browser.NewContextAsync(userAgent);
        _contexts.Add(context);
        return context;
    }

    protected async Task<IPage> NewPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"[page console {message.Type}] {message.Text}");
            }
        };
        return page;
    }

    protected async Task SaveScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var path = Path.Combine(browser.ArtifactsDirectory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
    }

    public ValueTask InitializeAsync()
    {
        browser.Require();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        var failed = TestContext.Current.TestState?.Result is TestResult.Failed;
        var name = TestContext.Current.Test?.TestDisplayName is { } display ? Sanitize(display) : "test";
        for (var i = 0; i < _contexts.Count; i++)
        {
            var context = _contexts[i];
            if (failed)
            {
                foreach (var (page, p) in context.Pages.Select((page, p) => (page, p)))
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(browser.ArtifactsDirectory, $"{name}-failed-{i}-{p}.png") });
                }
                await context.Tracing.StopAsync(new TracingStopOptions { Path = Path.Combine(browser.ArtifactsDirectory, $"{name}-trace-{i}.zip") });
                TestContext.Current.TestOutputHelper?.WriteLine($"trace: {Path.Combine(browser.ArtifactsDirectory, $"{name}-trace-{i}.zip")}\nAPI log:\n{browser.ApiTail()}");
            }
            else
            {
                await context.Tracing.StopAsync();
            }
            await context.CloseAsync();
        }
        GC.SuppressFinalize(this);
    }

    private static string Sanitize(string text) =>
        new([.. text.Split('(')[0].Split('.').Last().Select(c => char.IsLetterOrDigit(c) ? c : '-')]);
}
