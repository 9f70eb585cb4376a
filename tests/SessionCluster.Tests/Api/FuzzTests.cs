using System.Text;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

/// <summary>
/// Every endpoint driven with random and hostile input (seeded, so a failure replays): never a 5xx, and a
/// witness session the fuzzer does not know stays exactly as it was.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FuzzTests(ApiFactory api)
{
    private static readonly (string Method, string Path)[] Endpoints =
    [
        ("POST", "/v1/sessions"), ("POST", "/v1/sessions/validate"), ("POST", "/v1/sessions/refresh"),
        ("GET", "/v1/sessions/{id}"), ("DELETE", "/v1/sessions/{id}"), ("POST", "/v1/sessions/{id}/extend"),
        ("GET", "/v1/sessions/{id}/data"), ("PUT", "/v1/sessions/{id}/data"),
        ("GET", "/v1/users/{id}/sessions"), ("DELETE", "/v1/users/{id}/sessions"), ("GET", "/v1/users/{id}/devices"),
        ("DELETE", "/v1/users/{id}/devices/{id}"), ("GET", "/v1/users/{id}/events"), ("DELETE", "/v1/users/{id}"),
        ("POST", "/v1/device-links"), ("POST", "/v1/device-links/approve"), ("GET", "/v1/device-links/{id}"),
        ("GET", "/v1/me"), ("GET", "/v1/me/sessions"), ("DELETE", "/v1/me/sessions/{id}"), ("POST", "/v1/me/logout"),
        ("POST", "/v1/me/logout-others"), ("POST", "/v1/me/extend"), ("GET", "/v1/me/data"), ("PUT", "/v1/me/data"),
        ("DELETE", "/v1/me/devices/{id}"), ("POST", "/v1/sessions/{id}/step-up"), ("GET", "/v1/users/{id}/totp"),
        ("POST", "/v1/users/{id}/totp"), ("POST", "/v1/users/{id}/totp/confirm"), ("DELETE", "/v1/users/{id}/totp"),
        ("POST", "/v1/me/step-up"), ("POST", "/v1/me/cookie"), ("POST", "/v1/me/refresh"),
    ];

    private static readonly string[] Ids =
    [
        "", "a", "..", "%2e%2e%2f%2e%2e", "%00", "%2F", "AAAAAAAAAAAAAAAAAAAAAA", new string('x', 300), "ünïcödé-😀", "' OR 1=1 --",
        "<script>", "null", "-1", "%ff%fe", "con", "a%20b", "\u202e", "x?limit=999999", "x?waitSeconds=abc", "x?except=..",
    ];

    private static readonly string[] RawPathTricks = ["..%2F..%2Fetc", "%2e%2e", "%2F", "a%20b", "%ff", "x;y", "~"];

    private static readonly string[] Bodies =
    [
        "", "{", "}", "[]", "null", "true", "0", "\"text\"", "{}", "{\"userId\":null}", "{\"userId\":5}", "{\"userId\":[]}",
        "{\"userId\":\"\"}", "{\"userId\":\"" + new string('u', 10_000) + "\"}", "{\"accessToken\":{}}", "{\"refreshToken\":123}",
        "{\"data\":" + new string('[', 500) + new string(']', 500) + "}", "{\"data\":\"x\"}", "{\"userCode\":\"\\u0000\",\"accessToken\":\"a.b.c\"}",
        "{\"aal\":1e309}", "{\"rememberMe\":\"maybe\"}", "{\"device\":{\"id\":{\"x\":1}}}", "{\"client\":[1,2]}", "{\"userId\":\"\\ud800\"}",
        "{\"method\":\"totp\",\"code\":\"000000\"}", "{\"method\":\"TOTP\",\"code\":\"١٢٣٤٥٦\"}", "{\"code\":null}", "{\"refreshToken\":\"acme.x.y\"}",
        "\u0000\u0001\u0002", "{\"a\":" + new string('9', 5000) + "}", "{\"userId\":\"fuzz\",\"data\":{\"k\":\"" + new string('v', 20_000) + "\"}}",
    ];

    // Tenants no other HTTP test uses, so the fuzzer's spending of rate-limit budgets disturbs nobody.
    private static readonly string?[] ApiKeys = [TestTenants.FastKey, TestTenants.FastKey, TestTenants.EphemeralKey, null, "", "x", new string('k', 5000)];

    private static readonly string?[] Cookies =
    [
        null, null, "__Host-sc-access=acme.AAAAAAAAAAAAAAAAAAAAAA.AAAA", "__Host-sc-access=; __Host-sc-csrf=x", "__Secure-sc-refresh=" + new string('r', 3000),
        "__Host-sc-access=%00%ff; __Host-sc-csrf=%00",
    ];

    private static readonly string?[] Bearers = [null, "Bearer ", "Bearer x", "Bearer acme..", "Basic Zm9vOmJhcg==", "Bearer " + new string('t', 3000)];

    [Fact]
    public async Task RandomAndHostileInputNeverFailsTheServerNorTouchesOthersSessions()
    {
        var service = api.ServiceClient(TestTenants.FastKey);
        var witnessUser = "witness-" + Guid.NewGuid().ToString("N")[..8];
        var witness = await service.CreateSessionAsync(witnessUser, new { data = new { keep = 1 } });
        var before = await Snapshot(service, witness.Str("sessionId"), witnessUser);
        var random = new Random(20261124);
        var client = api.CreateClient();

        for (var i = 0; i < 500; i++)
        {
            var (method, template) = Endpoints[random.Next(Endpoints.Length)];
            // Ids go escaped, except a few path tricks that go raw (encoded slashes and dots the router must not decode).
            var id = random.Next(4) == 0 ? RawPathTricks[random.Next(RawPathTricks.Length)] : Uri.EscapeDataString(Ids[random.Next(Ids.Length)]);
            var path = template.Replace("{id}", id, StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (ApiKeys[random.Next(ApiKeys.Length)] is { } key)
            {
                request.Headers.TryAddWithoutValidation("X-Api-Key", key);
            }
            if (Bearers[random.Next(Bearers.Length)] is { } bearer)
            {
                request.Headers.TryAddWithoutValidation("Authorization", bearer);
            }
            if (Cookies[random.Next(Cookies.Length)] is { } cookie)
            {
                request.Headers.TryAddWithoutValidation("Cookie", cookie);
                request.Headers.TryAddWithoutValidation("X-CSRF-Token", Ids[random.Next(Ids.Length)]);
            }
            if (random.Next(3) > 0)
            {
                request.Content = new StringContent(Bodies[random.Next(Bodies.Length)], Encoding.UTF8, random.Next(5) == 0 ? "text/plain" : "application/json");
            }
            if (random.Next(8) == 0)
            {
                request.Headers.TryAddWithoutValidation("If-Match", Ids[random.Next(Ids.Length)]);
            }

            var response = await client.SendAsync(request);

            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"#{i} {method} {path}: {(int)response.StatusCode} {body}");
            if ((int)response.StatusCode >= 400)
            {
                Assert.Contains("\"code\"", body, StringComparison.Ordinal); // every error carries its stable code
            }
        }

        Assert.Equal(before, await Snapshot(service, witness.Str("sessionId"), witnessUser));
    }

    private static async Task<string> Snapshot(HttpClient service, string sessionId, string userId) => string.Join('\n',
        await (await service.GetAsync($"/v1/sessions/{sessionId}")).Content.ReadAsStringAsync(),
        await (await service.GetAsync($"/v1/sessions/{sessionId}/data")).Content.ReadAsStringAsync(),
        await (await service.GetAsync($"/v1/users/{userId}/sessions")).Content.ReadAsStringAsync(),
        await (await service.GetAsync($"/v1/users/{userId}/devices")).Content.ReadAsStringAsync());
}
