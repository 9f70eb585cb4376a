using System.Net.Http.Json;
using System.Text.Json;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

/// <summary>Small helpers shared by the HTTP tests.</summary>
internal static class ApiScenario
{
    public static async Task<JsonElement> CreateSessionAsync(this HttpClient service, string? userId = null, object? extra = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["userId"] = userId ?? TestTenants.NewUserId(),
            ["device"] = new { id = "dev-" + Guid.NewGuid().ToString("N")[..6], name = "Laptop", type = "browser" },
            ["client"] = new { ip = "10.1.2.3", userAgent = "Firefox/140" },
        };
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                body[property.Name] = property.Value;
            }
        }
        var response = await service.PostAsJsonAsync("/v1/sessions", body);
        return await response.AssertOkAsync(201);
    }

    public static string Str(this JsonElement json, string property) => json.GetProperty(property).GetString()!;

    public static Task<HttpResponseMessage> ValidateAsync(this HttpClient service, string accessToken) =>
        service.PostAsJsonAsync("/v1/sessions/validate", new { accessToken });

    public static Task<HttpResponseMessage> RefreshAsync(this HttpClient service, string refreshToken) =>
        service.PostAsJsonAsync("/v1/sessions/refresh", new { refreshToken });

    public static async Task<int> ActiveSessionCountAsync(this HttpClient service, string userId)
    {
        var list = await (await service.GetAsync($"/v1/users/{Uri.EscapeDataString(userId)}/sessions")).AssertOkAsync();
        return list.GetProperty("sessions").GetArrayLength();
    }
}
