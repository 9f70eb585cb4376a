using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Proxies;

/// <summary>
/// Real parts, started once for the collection on free loopback ports: the API as a process (embedded mode), an
/// upstream app in this process that echoes what it received, and Debian's nginx and Caddy running the recipes
/// of <c>deploy/proxies</c> with only their placeholders filled in. Every process is stopped by its pid.
/// A missing nginx or caddy skips its tests with the reason (fails them under CI=true).
/// </summary>
public sealed class ProxyFixture : IAsyncLifetime
{
    /// <summary>The address the tests' browser connects from (loopback, but another /24 than the proxies' 127.0.0.1).</summary>
    public static readonly IPAddress UserAddress = IPAddress.Parse("127.0.5.5");

    public const string UserAgent = "proxy-tests/1.0";
    public const string LoginPath = "/login";

    private readonly Dictionary<string, ChildProcess> _proxies = [];
    private readonly Dictionary<string, string> _unavailable = [];
    private ChildProcess? _api;
    private WebApplication? _upstream;
    private string? _directory;

    public Uri ApiAddress { get; private set; } = null!;

    /// <summary>Where each proxy listens, by name ("nginx", "caddy").</summary>
    public Dictionary<string, Uri> ProxyAddress { get; } = [];

    /// <summary>Every request the upstream app received, in order.</summary>
    public ConcurrentQueue<EchoedRequest> Received { get; } = new();

    public static readonly TheoryData<string> Proxies = new("nginx", "caddy");

    public async ValueTask InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("sessioncluster-proxies-").FullName;
        var upstream = StartUpstreamAsync();
        var api = StartApiAsync();
        await Task.WhenAll(upstream, api);
        await StartNginxAsync();
        await StartCaddyAsync();
    }

    /// <summary>Call first in every test: the proxy must be installed (under CI=true a missing one fails the test).</summary>
    public void Require(string proxy)
    {
        if (!_unavailable.TryGetValue(proxy, out var reason))
        {
            return;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI=true and {proxy} is required: {reason}");
        }
        Assert.Skip(reason);
    }

    /// <summary>A browser-like client of the proxy: from <see cref="UserAddress"/>, no redirects followed, no cookie jar.</summary>
    public HttpClient Browser(string proxy)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(UserAddress, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var http = new HttpClient(handler) { BaseAddress = ProxyAddress[proxy], Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        return http;
    }

    /// <summary>The tenant's back end, straight to the API.</summary>
    public HttpClient Service(string apiKey = TestTenants.AcmeKey)
    {
        var http = new HttpClient { BaseAddress = ApiAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return http;
    }

    /// <summary>A session of a fresh user, created as the app would: with the user's address and user agent.</summary>
    public async Task<JsonElement> CreateSessionAsync(int aal = 1)
    {
        var response = await Service().PostAsJsonAsync("/v1/sessions", new
        {
            userId = TestTenants.NewUserId(),
            device = new { id = "dev-" + Guid.NewGuid().ToString("N")[..6], name = "Laptop", type = "browser" },
            client = new { ip = UserAddress.ToString(), userAgent = UserAgent },
            aal,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>What the upstream app saw of the request to <paramref name="path"/>, or null if it never came.</summary>
    public EchoedRequest? ReceivedFor(string path) => Received.LastOrDefault(r => r.Path.StartsWith(path, StringComparison.Ordinal));

    // ------------------------------------------------------------------ the parts

    private async Task StartUpstreamAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var echoed = new EchoedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body);
            Received.Enqueue(echoed);
            await context.Response.WriteAsJsonAsync(echoed, context.RequestAborted);
        });
        await app.StartAsync();
        _upstream = app;
        UpstreamAddress = $"127.0.0.1:{port}";
    }

    private string UpstreamAddress { get; set; } = "";

    private async Task StartApiAsync()
    {
        var port = FreePort.Next();
        ApiAddress = new Uri($"http://127.0.0.1:{port}");
        var env = TestTenants.Configuration()
            .ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value);
        env["Orleans__Endpoints__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        env["Orleans__Endpoints__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        // The proxies reach the API from 127.0.0.1: their X-Forwarded-For names the user on /v1/me.
        env["SessionCluster__TrustedProxies__0"] = "127.0.0.1";
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        _api = ChildProcess.StartDotnet("api", BuiltApps.Api, ["--urls", ApiAddress.ToString()], env);
        await WaitUntilAsync(async () => await ProcessCluster.IsReadyAsync(ApiAddress), _api, TimeSpan.FromSeconds(90));
    }

    private Dictionary<string, string> Placeholders(int port) => new(StringComparer.Ordinal)
    {
        ["SC_API"] = ApiAddress.Authority,
        ["SC_API_KEY"] = TestTenants.AcmeKey,
        ["SC_APP"] = UpstreamAddress,
        ["SC_LOGIN"] = LoginPath,
        ["SC_LISTEN"] = $"127.0.0.1:{port}",
        ["SC_SITE"] = $"http://127.0.0.1:{port}",
        ["SC_CADDY_ADMIN"] = "off",
    };

    private async Task StartNginxAsync()
    {
        var executable = FindOnPath("nginx");
        if (executable is null)
        {
            _unavailable["nginx"] = "nginx is not installed (apt-get install -y nginx); the nginx recipe tests need Debian's.";
            return;
        }
        var port = FreePort.Next();
        var dir = Directory.CreateDirectory(Path.Combine(_directory!, "nginx")).FullName;
        var temp = Directory.CreateDirectory(Path.Combine(dir, "temp")).FullName;
        // Run as root, nginx's workers drop to nobody: they need the temp directories.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(temp, (UnixFileMode)0b111_111_111);
        }
        var recipe = Path.Combine(BuiltApps.RepositoryRoot, "deploy", "proxies", "nginx", "sessioncluster.conf.template");
        var snippet = Path.Combine(dir, "sessioncluster.conf");
        await File.WriteAllTextAsync(snippet, Recipes.Fill(await File.ReadAllTextAsync(recipe), Placeholders(port)));
        // The main file a distribution's nginx.conf would be; the recipe goes in as it is, like conf.d/*.conf.
        var main = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(main, $$"""
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                include {{snippet}};
            }
            """);
        var nginx = ChildProcess.Start("nginx", executable, ["-p", dir, "-e", Path.Combine(dir, "error.log"), "-c", main, "-g", "daemon off;"]);
        _proxies["nginx"] = nginx;
        ProxyAddress["nginx"] = new Uri($"http://127.0.0.1:{port}");
        await WaitForProxyAsync("nginx", nginx, () => File.Exists(Path.Combine(dir, "error.log")) ? File.ReadAllText(Path.Combine(dir, "error.log")) : "");
    }

    private async Task StartCaddyAsync()
    {
        var executable = FindOnPath("caddy");
        if (executable is null)
        {
            _unavailable["caddy"] = "caddy is not installed (apt-get install -y caddy); the Caddy recipe tests need Debian's.";
            return;
        }
        var port = FreePort.Next();
        var dir = Directory.CreateDirectory(Path.Combine(_directory!, "caddy")).FullName;
        var recipe = Path.Combine(BuiltApps.RepositoryRoot, "deploy", "proxies", "caddy", "Caddyfile");
        // The Caddyfile reads {$SC_*} from the environment itself: it runs unchanged, from where it is committed.
        var env = Placeholders(port).ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        env["HOME"] = dir;
        env["XDG_DATA_HOME"] = Path.Combine(dir, "data");
        env["XDG_CONFIG_HOME"] = Path.Combine(dir, "config");
        var caddy = ChildProcess.Start("caddy", executable, ["run", "--config", recipe, "--adapter", "caddyfile"], env, dir);
        _proxies["caddy"] = caddy;
        ProxyAddress["caddy"] = new Uri($"http://127.0.0.1:{port}");
        await WaitForProxyAsync("caddy", caddy, () => "");
    }

    /// <summary>Ready when the proxy answers and reaches the API: /v1/me without a credential is the API's 401.</summary>
    private async Task WaitForProxyAsync(string name, ChildProcess process, Func<string> log)
    {
        using var http = new HttpClient { BaseAddress = ProxyAddress[name], Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (process.HasExited)
            {
                break;
            }
            try
            {
                var response = await http.GetAsync("/v1/me");
                if (response.StatusCode == HttpStatusCode.Unauthorized && response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"{name} did not come up on {ProxyAddress[name]}:\n{process.Tail()}\n{log()}");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, ChildProcess process, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited:\n{process.Tail()}");
            }
            if (await condition())
            {
                return;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{process.Name} not ready after {timeout}:\n{process.Tail()}");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/usr/bin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in _proxies.Values)
        {
            await proxy.StopAsync(TimeSpan.FromSeconds(10));
            await proxy.DisposeAsync();
        }
        if (_api is not null)
        {
            await _api.StopAsync(TimeSpan.FromSeconds(20));
            await _api.DisposeAsync();
        }
        if (_upstream is not null)
        {
            await _upstream.StopAsync();
            await _upstream.DisposeAsync();
        }
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

/// <summary>A request as the upstream app received it.</summary>
public sealed record EchoedRequest(string Method, string Path, Dictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>Fills a recipe's <c>${NAME}</c> placeholders (what envsubst does with the names listed), and only those.</summary>
public static class Recipes
{
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var text = values.Aggregate(template, (t, kv) => t.Replace("${" + kv.Key + "}", kv.Value, StringComparison.Ordinal));
        var left = text.IndexOf("${SC_", StringComparison.Ordinal);
        return left < 0 ? text : throw new InvalidOperationException($"unfilled placeholder at: {text[left..Math.Min(text.Length, left + 30)]}");
    }
}

[CollectionDefinition(Name)]
public sealed class ProxyCollection : ICollectionFixture<ProxyFixture>
{
    public const string Name = "proxies";
}
