using System.Net.Http.Headers;
using System.Text;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

/// <summary>Every endpoint answers bad input with a clear 4xx problem and a stable code, and changes nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiFactory api)
{
    private const string Victim = "bad-input-victim";

    public static TheoryData<string, string, string?, int, string> Cases()
    {
        var longId = new string('u', 257);
        var bigData = new string('x', 17 * 1024);
        return new()
        {
            // method, path, JSON body, status, code
            { "POST", "/v1/sessions", "{", 400, "validation_failed" },
            { "POST", "/v1/sessions", "[]", 400, "validation_failed" },
            { "POST", "/v1/sessions", "null", 400, "validation_failed" },
            { "POST", "/v1/sessions", "{}", 400, "validation_failed" },
            { "POST", "/v1/sessions", "{\"userId\":null}", 400, "validation_failed" },
            { "POST", "/v1/sessions", "{\"userId\":\"\"}", 400, "validation_failed" },
            { "POST", "/v1/sessions", "{\"userId\":42}", 400, "validation_failed" },
            { "POST", "/v1/sessions", $"{{\"userId\":\"{longId}\"}}", 400, "validation_failed" },
            { "POST", "/v1/sessions", "{\"userId\":\"a\\u0000b\"}", 400, "validation_failed" },
            { "POST", "/v1/sessions", $"{{\"userId\":\"{Victim}\",\"aal\":3}}", 400, "validation_failed" },
            { "POST", "/v1/sessions", $"{{\"userId\":\"{Victim}\",\"aal\":\"two\"}}", 400, "validation_failed" },
            { "POST", "/v1/sessions", $"{{\"userId\":\"{Victim}\",\"rememberMe\":\"yes\"}}", 400, "validation_failed" },
            { "POST", "/v1/sessions", $"{{\"userId\":\"{Victim}\",\"device\":\"phone\"}}", 400, "validation_failed" },
            { "POST", "/v1/sessions", $"{{\"userId\":\"{Victim}\",\"device\":{{\"id\":\"\"}}}}", 400, "validation_failed" },
            { "POST", "/v1/sessions", $"{{\"userId\":\"{Victim}\",\"device\":{{\"id\":\"{longId}\"}}}}", 400, "validation_failed" },
            { "POST", "/v1/sessions", $"{{\"userId\":\"{Victim}\",\"client\":{{\"ip\":{{}}}}}}", 400, "validation_failed" },
            { "POST", "/v1/sessions", $"{{\"userId\":\"{Victim}\",\"data\":[1,2]}}", 400, "validation_failed" },
            { "POST", "/v1/sessions", $"{{\"userId\":\"{Victim}\",\"data\":\"text\"}}", 400, "validation_failed" },
            { "POST", "/v1/sessions", $"{{\"userId\":\"{Victim}\",\"data\":{{\"blob\":\"{bigData}\"}}}}", 400, "payload_too_large" },
            { "POST", "/v1/sessions", $"{{\"userId\":\"{Victim}\",\"data\":{{\"blob\":\"{new string('y', 70 * 1024)}\"}}}}", 413, "payload_too_large" },
            { "POST", "/v1/sessions", $"{{\"userId\":\"{Victim}\",\"data\":{new string('[', 100)}{new string(']', 100)}}}", 400, "validation_failed" },
            { "POST", "/v1/sessions/validate", "{}", 400, "validation_failed" },
            { "POST", "/v1/sessions/validate", "{\"accessToken\":7}", 400, "validation_failed" },
            { "POST", "/v1/sessions/validate", "{\"accessToken\":\"garbage\"}", 401, "token_invalid" },
            { "POST", "/v1/sessions/validate", $"{{\"accessToken\":\"{new string('a', 5000)}\"}}", 401, "token_invalid" },
            { "POST", "/v1/sessions/validate", "{\"accessToken\":\"../../etc/passwd\"}", 401, "token_invalid" },
            { "POST", "/v1/sessions/refresh", "{}", 400, "validation_failed" },
            { "POST", "/v1/sessions/refresh", "{\"refreshToken\":\"acme.x.y\"}", 401, "token_invalid" },
            { "GET", "/v1/sessions/not-a-session", null, 404, "session_not_found" },
            { "GET", "/v1/sessions/..%2F..%2Fetc", null, 404, "session_not_found" },
            { "GET", "/v1/sessions/AAAAAAAAAAAAAAAAAAAAAA", null, 404, "session_not_found" },
            { "POST", "/v1/sessions/not-a-session/extend", null, 404, "session_not_found" },
            { "DELETE", "/v1/sessions/not-a-session", null, 404, "session_not_found" },
            { "PUT", "/v1/sessions", "{}", 405, "method_not_allowed" },
            { "PATCH", "/v1/sessions/validate", "{}", 405, "method_not_allowed" },
            { "GET", "/v1/nothing-here", null, 404, "not_found" },
            { "GET", "/v1/users/" + longId + "/sessions", null, 400, "validation_failed" },
            { "DELETE", "/v1/users/" + longId + "/sessions", null, 400, "validation_failed" },
            { "DELETE", $"/v1/users/{Victim}-witness/sessions?except=typo", null, 400, "validation_failed" },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRequestsGetAProblemAndChangeNothing(string method, string path, string? body, int status, string code)
    {
        var service = api.ServiceClient();
        var witness = await service.CreateSessionAsync(Victim + "-witness");
        var before = await (await service.GetAsync($"/v1/sessions/{witness.Str("sessionId")}")).AssertOkAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await service.SendAsync(request);

        await response.AssertProblemAsync(status, code);
        Assert.Equal(0, await service.ActiveSessionCountAsync(Victim));
        var after = await (await service.GetAsync($"/v1/sessions/{witness.Str("sessionId")}")).AssertOkAsync();
        Assert.Equal(before.ToString(), after.ToString());
    }

    [Fact]
    public async Task NonJsonBodyIsRefusedClearly()
    {
        var service = api.ServiceClient();
        var content = new StringContent($"userId={Victim}", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");

        var response = await service.PostAsync("/v1/sessions", content);

        await response.AssertProblemAsync(415, "validation_failed");
        Assert.Equal(0, await service.ActiveSessionCountAsync(Victim));
    }

    [Fact]
    public async Task ValidationErrorsNameTheOffendingField()
    {
        var service = api.ServiceClient();

        var missing = await (await service.SendAsync(Json("/v1/sessions", "{\"device\":{}}"))).AssertProblemAsync(400, "validation_failed");
        var wrongType = await (await service.SendAsync(Json("/v1/sessions", $"{{\"userId\":\"{Victim}\",\"device\":{{\"id\":5}}}}"))).AssertProblemAsync(400, "validation_failed");

        Assert.True(missing.GetProperty("errors").TryGetProperty("userId", out _), missing.ToString());
        Assert.True(wrongType.GetProperty("errors").TryGetProperty("device.id", out _), wrongType.ToString());
        Assert.DoesNotContain("SessionCluster.", wrongType.ToString(), StringComparison.Ordinal); // no .NET internals
    }

    private static HttpRequestMessage Json(string path, string body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
