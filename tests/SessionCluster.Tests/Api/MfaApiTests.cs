using System.Net.Http.Json;
using OtpNet;
using SessionCluster.Grains.Domain;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

/// <summary>TOTP enrolment and step-up over HTTP, as docs/api.md fixes them.</summary>
[Collection(ApiCollection.Name)]
public sealed class MfaApiTests(ApiFactory api)
{
    private DateTimeOffset Now => api.Time.GetUtcNow();

    private void NextStep() => api.Time.Advance(TimeSpan.FromSeconds(30 - (Now.ToUnixTimeSeconds() % 30)));

    private async Task<byte[]> EnrolAsync(HttpClient service, string userId)
    {
        var response = await service.PostAsync($"/v1/users/{userId}/totp", null);
        var enrolment = await response.AssertOkAsync(201);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.StartsWith($"otpauth://totp/acme:{userId}?", enrolment.Str("otpauthUri"), StringComparison.Ordinal);
        var secret = Base32Encoding.ToBytes(enrolment.Str("secret"));
        NextStep();
        await (await service.PostAsJsonAsync($"/v1/users/{userId}/totp/confirm", new { code = TotpCodes.Compute(secret, Now) })).AssertOkAsync(204);
        NextStep();
        return secret;
    }

    [Fact]
    public async Task EnrolConfirmAndStepUpGiveAal2AndANewPair()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        var session = await service.CreateSessionAsync(userId);
        Assert.False((await (await service.GetAsync($"/v1/users/{userId}/totp")).AssertOkAsync()).GetProperty("enrolled").GetBoolean());
        var secret = await EnrolAsync(service, userId);
        Assert.True((await (await service.GetAsync($"/v1/users/{userId}/totp")).AssertOkAsync()).GetProperty("enrolled").GetBoolean());

        var stepped = await (await service.PostAsJsonAsync($"/v1/sessions/{session.Str("sessionId")}/step-up",
            new { method = "totp", code = TotpCodes.Compute(secret, Now) })).AssertOkAsync();

        Assert.Equal(2, stepped.GetProperty("aal").GetInt32());
        Assert.False(stepped.GetProperty("stepUpRequired").GetBoolean());
        Assert.NotEqual(session.Str("accessToken"), stepped.Str("accessToken"));
        Assert.NotEqual(session.Str("refreshToken"), stepped.Str("refreshToken"));
        Assert.False(string.IsNullOrEmpty(stepped.Str("csrfToken")));
        await (await service.ValidateAsync(session.Str("accessToken"))).AssertProblemAsync(401, "token_invalid");
        var validated = await (await service.ValidateAsync(stepped.Str("accessToken"))).AssertOkAsync();
        Assert.Equal(2, validated.GetProperty("aal").GetInt32());
        await (await service.PostAsync($"/v1/users/{userId}/totp", null)).AssertProblemAsync(409, "mfa_already_enrolled");
    }

    [Fact]
    public async Task TheUserCanStepUpTheirOwnSessionWithTheBearerToken()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        var session = await service.CreateSessionAsync(userId);
        var secret = await EnrolAsync(service, userId);

        var stepped = await (await api.UserClient(session.Str("accessToken")).PostAsJsonAsync("/v1/me/step-up",
            new { method = "totp", code = TotpCodes.Compute(secret, Now) })).AssertOkAsync();

        Assert.Equal(2, stepped.GetProperty("aal").GetInt32());
        await (await api.UserClient(stepped.Str("accessToken")).GetAsync("/v1/me")).AssertOkAsync();
        await (await api.UserClient(session.Str("accessToken")).GetAsync("/v1/me")).AssertProblemAsync(401, "token_invalid");
    }

    [Fact]
    public async Task WrongCodesAre401ThenTheLockIs429WithRetryAfter()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        var session = await service.CreateSessionAsync(userId);
        var secret = await EnrolAsync(service, userId);
        var wrong = TotpCodes.Compute(secret, Now) == "000000" ? "000001" : "000000";
        var path = $"/v1/sessions/{session.Str("sessionId")}/step-up";

        for (var i = 0; i < 4; i++)
        {
            await (await service.PostAsJsonAsync(path, new { method = "totp", code = wrong })).AssertProblemAsync(401, "mfa_code_invalid");
        }
        var locked = await service.PostAsJsonAsync(path, new { method = "totp", code = wrong });
        await locked.AssertProblemAsync(429, "mfa_locked");
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // Locked means locked: the right code is refused as well, and the session is unchanged.
        await (await service.PostAsJsonAsync(path, new { method = "totp", code = TotpCodes.Compute(secret, Now) })).AssertProblemAsync(429, "mfa_locked");
        await (await service.ValidateAsync(session.Str("accessToken"))).AssertOkAsync();
    }

    [Theory]
    [InlineData("""{"method":"sms","code":"123456"}""", "method")]
    [InlineData("""{"code":"123456"}""", "method")]
    [InlineData("""{"method":"totp"}""", "code")]
    [InlineData("""{"method":"totp","code":"12345"}""", "code")]
    [InlineData("""{"method":"totp","code":"12 456"}""", "code")]
    [InlineData("""{"method":"totp","code":123456}""", "code")]
    public async Task MalformedStepUpsAre400WithTheFieldNamed(string body, string field)
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync();

        var response = await service.PostAsync($"/v1/sessions/{session.Str("sessionId")}/step-up", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(400, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task StepUpWithoutAFactorIs400AndRemovalTakesTheFactorAway()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        var session = await service.CreateSessionAsync(userId);
        var path = $"/v1/sessions/{session.Str("sessionId")}/step-up";
        await (await service.PostAsJsonAsync(path, new { method = "totp", code = "123456" })).AssertProblemAsync(400, "mfa_not_enrolled");
        await (await service.PostAsJsonAsync($"/v1/users/{userId}/totp/confirm", new { code = "123456" })).AssertProblemAsync(400, "mfa_not_enrolled");

        var secret = await EnrolAsync(service, userId);
        await (await service.DeleteAsync($"/v1/users/{userId}/totp")).AssertOkAsync(204);

        await (await service.PostAsJsonAsync(path, new { method = "totp", code = TotpCodes.Compute(secret, Now) })).AssertProblemAsync(400, "mfa_not_enrolled");
    }

    [Fact]
    public async Task StepUpOfADeadSessionIs410AndOfAnotherTenantsSessionIs404()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        var session = await service.CreateSessionAsync(userId);
        var secret = await EnrolAsync(service, userId);
        var path = $"/v1/sessions/{session.Str("sessionId")}/step-up";

        await (await api.ServiceClient(TestTenants.OtherKey).PostAsJsonAsync(path, new { method = "totp", code = TotpCodes.Compute(secret, Now) }))
            .AssertProblemAsync(404, "session_not_found");
        await (await api.ServiceClient(TestTenants.OtherKey).PostAsync($"/v1/users/{userId}/totp/confirm", null)).AssertProblemAsync(400, "validation_failed");
        await service.DeleteAsync($"/v1/sessions/{session.Str("sessionId")}");
        await (await service.PostAsJsonAsync(path, new { method = "totp", code = TotpCodes.Compute(secret, Now) })).AssertProblemAsync(410, "session_revoked");
    }
}
