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

        Assert.Equal(200, (int)response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        if (path == "/readyz")
        {
            // Readiness names each check: the cluster answers, and storage takes writes.
            using var report = System.Text.Json.JsonDocument.Parse(body);
            Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
            Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        }
        else
        {
            Assert.Equal("Healthy", body);
        }
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
    public async Task MetricsCountSessionsAndTimeValidations()
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync();
        await (await service.ValidateAsync(session.Str("accessToken"))).AssertOkAsync();
        await (await service.ValidateAsync("acme.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).AssertProblemAsync(401, "token_invalid");

        var metrics = await (await api.CreateClient().GetAsync("/metrics")).Content.ReadAsStringAsync();

        Assert.Contains("sessioncluster_sessions_created_total", metrics, StringComparison.Ordinal);
        Assert.Matches("sessioncluster_sessions_validated_total\\{[^}]*result=\"ok\"[^}]*\\} [1-9]", metrics);
        Assert.Matches("sessioncluster_sessions_validated_total\\{[^}]*result=\"TokenInvalid\"[^}]*\\} [1-9]", metrics);
        Assert.Contains("sessioncluster_validate_duration_milliseconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("sessioncluster_sessions_active", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Str("accessToken").Split('.')[2], metrics, StringComparison.Ordinal);
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
