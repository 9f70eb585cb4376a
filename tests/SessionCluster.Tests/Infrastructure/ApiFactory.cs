using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SessionCluster.Grains;

namespace SessionCluster.Tests.Infrastructure;

/// <summary>The API in embedded mode (co-hosted in-memory silo on free ports), with a fake session clock.</summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public FakeTimeProvider Time { get; } = new(TestTenants.Epoch);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var config = TestTenants.Configuration();
        config["Orleans:Endpoints:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        config["Orleans:Endpoints:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in ExtraSettings())
        {
            config[key] = value;
        }
        foreach (var (key, value) in config)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services => services.AddKeyedSingleton<TimeProvider>(Clock.ServiceKey, Time));
        builder.ConfigureLogging(ConfigureLogging);
    }

    /// <summary>A hook for factories that need other settings.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [];

    /// <summary>A hook for factories that need to see the logs.</summary>
    protected virtual void ConfigureLogging(Microsoft.Extensions.Logging.ILoggingBuilder logging)
    {
    }

    private Task<OpenApiContract?>? _contract;

    /// <summary>
    /// A client whose every /v1 answer is checked against the API's own OpenAPI document (<see cref="OpenApiValidatingHandler"/>).
    /// Hides the base methods, so every test that talks to the API through an ApiFactory is checked.
    /// </summary>
    public new HttpClient CreateClient() => CreateClient(ClientOptions);

    /// <inheritdoc cref="CreateClient()"/>
    public new HttpClient CreateClient(WebApplicationFactoryClientOptions options)
    {
        var handlers = new List<DelegatingHandler>();
        if (options.AllowAutoRedirect)
        {
            handlers.Add(new RedirectHandler(options.MaxAutomaticRedirections));
        }
        if (options.HandleCookies)
        {
            handlers.Add(new CookieContainerHandler());
        }
        // Innermost, so each answer is checked as the server sent it (a redirect too, before it is followed).
        handlers.Add(new OpenApiValidatingHandler(Contract));
        return CreateDefaultClient(options.BaseAddress, [.. handlers]);
    }

    /// <summary>The document, read once per factory; null where a factory switched /openapi/v1.json off.</summary>
    public Task<OpenApiContract?> Contract() => _contract ??= ReadContractAsync();

    private async Task<OpenApiContract?> ReadContractAsync()
    {
        using var raw = Server.CreateClient();
        using var response = await raw.GetAsync("/openapi/v1.json");
        return response.IsSuccessStatusCode ? new OpenApiContract(await response.Content.ReadAsStringAsync()) : null;
    }

    public HttpClient ServiceClient(string apiKey = TestTenants.AcmeKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public HttpClient UserClient(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}

public static class HttpAssertions
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text.Length == 0 ? "null" : text).RootElement.Clone();
    }

    /// <summary>Asserts a problem-details answer with the status and stable code.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, int status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("type").GetString()));
        return json;
    }

    public static async Task<JsonElement> AssertOkAsync(this HttpResponseMessage response, int status = 200)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

}
