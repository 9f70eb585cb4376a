using SessionCluster.Tests.Api;
using SessionCluster.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionCluster.Tests.Redis;

/// <summary>
/// TLS to Redis: Debian's redis-server with only a TLS port and client certificates required. The silo (clustering,
/// grain storage, reminders) and the API node (clustering) reach it with <c>ssl=true</c> in the connection string and
/// SessionCluster:Tls:RedisCaPath / RedisCertificatePath / RedisKeyPath; clients without TLS, without trust in the
/// CA, or without a client certificate are refused.
/// </summary>
[Collection(RedisTlsCollection.Name)]
public sealed class RedisTlsTests(RedisTlsFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task ASiloAndAnApiNodeOnATlsOnlyRedisCreateValidateAndRevokeSessions()
    {
        redis.Require();
        using var http = redis.ApiClient();

        var session = await http.CreateSessionAsync();
        await (await http.ValidateAsync(session.Str("accessToken"))).AssertOkAsync();
        var refreshed = await (await http.RefreshAsync(session.Str("refreshToken"))).AssertOkAsync();
        Assert.Equal(204, (int)(await http.DeleteAsync($"/v1/sessions/{session.Str("sessionId")}")).StatusCode);
        await (await http.ValidateAsync(refreshed.Str("accessToken"))).AssertProblemAsync(401, "session_revoked");

        // It all went to this Redis: membership, the session's state and the user's sweep reminder.
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration());
        var keys = connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: $"{redis.ServiceId}/*").Select(k => k.ToString()).ToList();
        output.WriteLine(string.Join('\n', keys));
        Assert.Contains(keys, k => k.Contains("/members/", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.Contains(session.Str("sessionId"), StringComparison.Ordinal));
        Assert.Contains(keys, k => k.Contains("reminders", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("plain TCP", false, false, false)]
    [InlineData("TLS without trusting the CA", true, false, true)]
    [InlineData("TLS without a client certificate", true, true, false)]
    public async Task AClientWithoutTlsOrItsCertificatesIsRefused(string what, bool tls, bool trustCa, bool clientCertificate)
    {
        redis.Require();

        var refused = await Assert.ThrowsAsync<RedisConnectionException>(async () =>
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration(tls, trustCa, clientCertificate));
            await connection.GetDatabase().PingAsync();
        });
        output.WriteLine($"{what}: {refused.Message}");

        // The same with everything in place connects: the refusal was about what this client lacked.
        await using var good = await ConnectionMultiplexer.ConnectAsync(redis.Configuration());
        await good.GetDatabase().PingAsync();
    }
}
