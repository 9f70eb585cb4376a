using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

/// <summary>The API with every log line (Debug and up, every category, Orleans included) kept for inspection.</summary>
public sealed class LogCaptureFactory : ApiFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Debug);
        logging.AddFilter(_ => true);
        logging.AddProvider(new LogCapture(Lines));
    }
}

/// <summary>No token or token secret ever reaches a log line, in a scenario that touches every token path.</summary>
public sealed class LogHygieneTests : IClassFixture<LogCaptureFactory>
{
    private readonly LogCaptureFactory _api;

    public LogHygieneTests(LogCaptureFactory api) => _api = api;

    [Fact]
    public async Task AFullScenarioLogsNoToken()
    {
        var service = _api.ServiceClient();
        var secrets = new List<string>();
        void Keep(System.Text.Json.JsonElement json)
        {
            foreach (var name in new[] { "accessToken", "refreshToken", "csrfToken" })
            {
                if (json.TryGetProperty(name, out var token) && token.GetString() is { } value)
                {
                    secrets.Add(value);
                    secrets.AddRange(value.Split('.').Where(part => part.Length >= 40)); // the secret part alone
                }
            }
        }
        var userId = TestTenants.NewUserId();
        var session = await service.CreateSessionAsync(userId);
        Keep(session);
        await service.ValidateAsync(session.Str("accessToken"));
        var refreshed = await (await service.RefreshAsync(session.Str("refreshToken"))).AssertOkAsync();
        Keep(refreshed);
        await service.RefreshAsync(session.Str("refreshToken")); // inside the grace
        await service.ValidateAsync(session.Str("accessToken")); // the retired token
        var me = _api.UserClient(refreshed.Str("accessToken"));
        await me.GetAsync("/v1/me");
        await me.PutAsJsonAsync("/v1/me/data", new { data = new { a = 1 } });
        var phone = await service.CreateSessionAsync(userId);
        Keep(phone);
        var link = await (await service.PostAsJsonAsync("/v1/device-links", new { device = new { name = "TV" } })).AssertOkAsync(201);
        await service.PostAsJsonAsync("/v1/device-links/approve", new { userCode = link.Str("userCode"), accessToken = phone.Str("accessToken") });
        var tv = await (await service.GetAsync($"/v1/device-links/{link.Str("linkId")}")).AssertOkAsync();
        Keep(tv.GetProperty("session"));
        // A second factor: the TOTP secret and the codes must not be logged either.
        var enrolment = await (await service.PostAsync($"/v1/users/{userId}/totp", null)).AssertOkAsync(201);
        var totpSecret = OtpNet.Base32Encoding.ToBytes(enrolment.Str("secret"));
        secrets.Add(enrolment.Str("secret"));
        secrets.Add(enrolment.Str("otpauthUri"));
        await service.PostAsJsonAsync($"/v1/users/{userId}/totp/confirm", new { code = SessionCluster.Grains.Domain.TotpCodes.Compute(totpSecret, _api.Time.GetUtcNow()) });
        _api.Time.Advance(TimeSpan.FromSeconds(30));
        var stepped = await (await service.PostAsJsonAsync($"/v1/sessions/{phone.Str("sessionId")}/step-up",
            new { method = "totp", code = SessionCluster.Grains.Domain.TotpCodes.Compute(totpSecret, _api.Time.GetUtcNow()) })).AssertOkAsync();
        Keep(stepped);
        for (var i = 0; i < 6; i++)
        {
            await service.PostAsJsonAsync($"/v1/sessions/{phone.Str("sessionId")}/step-up", new { method = "totp", code = "000000" }); // up to the lock
        }
        // Cookie mode: the cookies carry tokens too.
        var cookie = await (await _api.CreateClient().PostAsJsonAsync("/v1/me/cookie", new { refreshToken = stepped.Str("refreshToken") })).AssertOkAsync();
        secrets.Add(cookie.Str("csrfToken"));
        _api.Time.Advance(TimeSpan.FromSeconds(11));
        await service.RefreshAsync(session.Str("refreshToken")); // theft: revokes and alerts
        await me.PostAsync("/v1/me/logout", null);
        await service.ValidateAsync("acme.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        var logs = string.Join('\n', _api.Lines);
        Assert.True(logs.Length > 1000, "the scenario should have produced logs to inspect");
        Assert.Contains("Refresh token reuse", logs, StringComparison.Ordinal); // the theft path was logged, and covered
        Assert.Contains("TOTP locked", logs, StringComparison.Ordinal); // so was the lockout
        foreach (var secret in secrets.Distinct())
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }
}
