using System.Net.Http.Json;
using System.Text;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class DataApiTests(ApiFactory api)
{
    private static HttpRequestMessage Put(string path, object data, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(new { data }) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return request;
    }

    [Fact]
    public async Task DataStartsAsCreatedAndEveryWriteBumpsTheVersionAndETag()
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync(extra: new { data = new { theme = "dark" } });
        var path = $"/v1/sessions/{session.Str("sessionId")}/data";

        var read = await service.GetAsync(path);
        var first = await read.AssertOkAsync();
        Assert.Equal("dark", first.GetProperty("data").Str("theme"));
        Assert.Equal(1, first.GetProperty("version").GetInt64());
        Assert.Equal("\"1\"", read.Headers.ETag?.ToString());

        var written = await service.SendAsync(Put(path, new { theme = "light", cart = new[] { 1, 2 } }, "\"1\""));
        var second = await written.AssertOkAsync();
        Assert.Equal(2, second.GetProperty("version").GetInt64());
        Assert.Equal("\"2\"", written.Headers.ETag?.ToString());
        Assert.Equal("light", (await (await service.GetAsync(path)).AssertOkAsync()).GetProperty("data").Str("theme"));
    }

    [Fact]
    public async Task AStaleWriteIsRefusedWith412AndChangesNothing()
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync();
        var path = $"/v1/sessions/{session.Str("sessionId")}/data";
        await (await service.SendAsync(Put(path, new { step = 1 }, "\"1\""))).AssertOkAsync();

        var stale = await service.SendAsync(Put(path, new { step = 99 }, "\"1\""));

        await stale.AssertProblemAsync(412, "version_conflict");
        Assert.Equal("\"2\"", stale.Headers.ETag?.ToString());
        var now = await (await service.GetAsync(path)).AssertOkAsync();
        Assert.Equal(1, now.GetProperty("data").GetProperty("step").GetInt32());
    }

    [Fact]
    public async Task TwoRacingWritersLoseNoUpdate()
    {
        var session = await api.ServiceClient().CreateSessionAsync();
        var path = $"/v1/sessions/{session.Str("sessionId")}/data";
        const int incrementsEach = 15;

        async Task WriterAsync(string name)
        {
            var client = api.ServiceClient();
            for (var done = 0; done < incrementsEach;)
            {
                var current = await (await client.GetAsync(path)).AssertOkAsync();
                var version = current.GetProperty("version").GetInt64();
                var data = current.GetProperty("data");
                var count = data.TryGetProperty("count", out var c) ? c.GetInt32() : 0;
                var log = data.TryGetProperty("log", out var l) ? l.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
                log.Add($"{name}{done}");
                var response = await client.SendAsync(Put(path, new { count = count + 1, log }, $"\"{version}\""));
                if ((int)response.StatusCode == 412)
                {
                    continue; // someone else wrote first: read again, apply again
                }
                await response.AssertOkAsync();
                done++;
            }
        }

        await Task.WhenAll(WriterAsync("a"), WriterAsync("b"));

        var final = await (await api.ServiceClient().GetAsync(path)).AssertOkAsync();
        Assert.Equal(2 * incrementsEach, final.GetProperty("data").GetProperty("count").GetInt32());
        Assert.Equal(2 * incrementsEach, final.GetProperty("data").GetProperty("log").GetArrayLength());
        Assert.Equal(1 + 2 * incrementsEach, final.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task MyDataWorksWithTheBearerTokenAndAnnouncesChanges()
    {
        var session = await api.ServiceClient().CreateSessionAsync();
        var me = api.UserClient(session.Str("accessToken"));

        var read = await me.GetAsync("/v1/me/data");
        Assert.Equal("\"1\"", read.Headers.ETag?.ToString());
        await (await me.SendAsync(Put("/v1/me/data", new { lang = "fi" }, null))).AssertOkAsync();
        var events = await (await api.ServiceClient().GetAsync($"/v1/users/{session.Str("userId")}/events")).AssertOkAsync();

        Assert.Equal("fi", (await (await me.GetAsync("/v1/me/data")).AssertOkAsync()).GetProperty("data").Str("lang"));
        Assert.Contains(events.GetProperty("events").EnumerateArray(), e => e.Str("type") == "session.data_changed");
    }

    [Theory]
    [InlineData("{\"data\":[1]}", null, 400, "validation_failed")]
    [InlineData("{\"data\":null}", null, 400, "validation_failed")]
    [InlineData("{}", null, 400, "validation_failed")]
    [InlineData("{\"data\":{}}", "v1", 400, "validation_failed")]
    [InlineData("{\"data\":{}}", "\"x\"", 400, "validation_failed")]
    [InlineData("{\"data\":{}}", "\"7\"", 412, "version_conflict")]
    public async Task BadDataWritesGetAProblemAndChangeNothing(string body, string? ifMatch, int status, string code)
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync(extra: new { data = new { keep = true } });
        var path = $"/v1/sessions/{session.Str("sessionId")}/data";
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        await (await service.SendAsync(request)).AssertProblemAsync(status, code);

        var data = await (await service.GetAsync(path)).AssertOkAsync();
        Assert.Equal(1, data.GetProperty("version").GetInt64());
        Assert.True(data.GetProperty("data").GetProperty("keep").GetBoolean());
    }

    [Fact]
    public async Task DataOver16KiBIsRefused()
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync();

        var response = await service.SendAsync(Put($"/v1/sessions/{session.Str("sessionId")}/data", new { blob = new string('x', 17 * 1024) }, null));

        await response.AssertProblemAsync(400, "payload_too_large");
    }

    [Fact]
    public async Task DeadOrForeignSessionsHaveNoData()
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync();
        var path = $"/v1/sessions/{session.Str("sessionId")}/data";

        await (await api.ServiceClient(TestTenants.OtherKey).GetAsync(path)).AssertProblemAsync(404, "session_not_found");
        await service.DeleteAsync($"/v1/sessions/{session.Str("sessionId")}");
        await (await service.GetAsync(path)).AssertProblemAsync(410, "session_revoked");
        await (await service.SendAsync(Put(path, new { a = 1 }, null))).AssertProblemAsync(410, "session_revoked");
    }
}
