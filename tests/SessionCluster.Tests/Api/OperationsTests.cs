using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class OperationsTests(ApiFactory api)
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task HealthEndpointsAnswer(string path)
    {
        var response = await api.CreateClient().GetAsync(path);

        Assert.Equal("Healthy", await (await Task.FromResult(response)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApiDescribesTheContract()
    {
        var doc = await (await api.CreateClient().GetAsync("/openapi/v1.json")).AssertOkAsync();

        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/v1/sessions", "/v1/sessions/validate", "/v1/sessions/refresh", "/v1/sessions/{sessionId}",
                     "/v1/users/{userId}/sessions", "/v1/me", "/v1/me/sessions", "/v1/me/logout", "/v1/me/logout-others" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from OpenAPI");
        }
    }

    [Fact]
    public async Task InteractiveDocsAreServed()
    {
        var response = await api.CreateClient().GetAsync("/docs/");

        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
    }
}
