using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OtpNet;
using SessionCluster.Grains.Domain;
using SessionCluster.Tests.Api;
using SessionCluster.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionCluster.Tests.Redis;

/// <summary>Nothing usable at rest: after a scenario through every secret-bearing path, Redis holds no token, no TOTP secret and no session data in clear.</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class AtRestProcessTests(ProcessCluster cluster)
{
    [Fact]
    public async Task ADumpOfRedisYieldsNoTokenNoTotpSecretAndNoPlaintextData()
    {
        cluster.Redis.Require();
        await cluster.ApiReadyAsync();
        using var service = cluster.ApiClient();
        var userId = TestTenants.NewUserId();
        var markers = new[] { "CART-MARKER-" + Guid.NewGuid().ToString("N"), "NOTE-MARKER-" + Guid.NewGuid().ToString("N") };
        var needles = new List<byte[]>();
        void Keep(string value)
        {
            needles.Add(Encoding.UTF8.GetBytes(value));
            needles.AddRange(value.Split('.').Where(part => part.Length >= 40).Select(Encoding.UTF8.GetBytes)); // a token's secret alone
        }
        void KeepTokens(JsonElement json)
        {
            foreach (var name in new[] { "accessToken", "refreshToken", "csrfToken" })
            {
                if (json.TryGetProperty(name, out var token))
                {
                    Keep(token.GetString()!);
                }
            }
        }

        var session = await service.CreateSessionAsync(userId, new { data = new { cart = markers[0] } });
        KeepTokens(session);
        var sessionId = session.Str("sessionId");
        await (await service.ValidateAsync(session.Str("accessToken"))).AssertOkAsync();
        var refreshed = await (await service.RefreshAsync(session.Str("refreshToken"))).AssertOkAsync();
        KeepTokens(refreshed);
        await (await service.PutAsJsonAsync($"/v1/sessions/{sessionId}/data", new { data = new { note = markers[1] } })).AssertOkAsync();

        var enrolment = await (await service.PostAsync($"/v1/users/{userId}/totp", null)).AssertOkAsync(201);
        var secret = Base32Encoding.ToBytes(enrolment.Str("secret"));
        Keep(enrolment.Str("secret"));
        needles.Add(secret);
        var now = DateTimeOffset.UtcNow;
        await (await service.PostAsJsonAsync($"/v1/users/{userId}/totp/confirm", new { code = TotpCodes.Compute(secret, now) })).AssertOkAsync(204);
        // The next step's code (one step of skew is accepted), so the test need not wait 30 s for a fresh code.
        var stepped = await (await service.PostAsJsonAsync($"/v1/sessions/{sessionId}/step-up",
            new { method = "totp", code = TotpCodes.Compute(secret, now.AddSeconds(30)) })).AssertOkAsync();
        KeepTokens(stepped);
        using var browser = new HttpClient { BaseAddress = cluster.ApiAddress };
        var cookieMode = await browser.PostAsJsonAsync("/v1/me/cookie", new { refreshToken = stepped.Str("refreshToken") });
        KeepTokens(await cookieMode.AssertOkAsync());
        foreach (var setCookie in cookieMode.Headers.GetValues("Set-Cookie"))
        {
            Keep(setCookie[(setCookie.IndexOf('=', StringComparison.Ordinal) + 1)..setCookie.IndexOf(';', StringComparison.Ordinal)]);
        }
        // Reading the data back proves it is stored (sealed, not dropped).
        var data = await (await service.GetAsync($"/v1/sessions/{sessionId}/data")).AssertOkAsync();
        Assert.Equal(markers[1], data.GetProperty("data").Str("note"));
        foreach (var marker in markers)
        {
            needles.Add(Encoding.UTF8.GetBytes(marker));
        }

        var (values, keys) = await DumpAsync();
        var aof = AppendOnlyFiles();

        Assert.Contains(keys, k => k.Contains(sessionId, StringComparison.Ordinal)); // the scan saw the session's state
        Assert.True(IndexOf(aof, Encoding.UTF8.GetBytes(sessionId)) >= 0, "the append-only file should record the session's writes");
        foreach (var needle in needles)
        {
            Assert.True(IndexOf(values, needle) < 0, $"a Redis value contains a secret or plaintext ({needle.Length} bytes)");
            Assert.True(IndexOf(aof, needle) < 0, $"the append-only file contains a secret or plaintext ({needle.Length} bytes)");
        }
    }

    /// <summary>Every key's value(s), whatever its type, as one byte stream; and the key names.</summary>
    private async Task<(byte[] Values, List<string> Keys)> DumpAsync()
    {
        var db = cluster.Redis.Database;
        var stream = new MemoryStream();
        var keys = new List<string>();
        void Add(RedisValue value) => stream.Write((byte[])value!);
        foreach (var key in cluster.Redis.Server.Keys(pattern: "*", pageSize: 1000))
        {
            keys.Add(key.ToString());
            switch (await db.KeyTypeAsync(key))
            {
                case RedisType.String:
                    Add(await db.StringGetAsync(key));
                    break;
                case RedisType.Hash:
                    foreach (var entry in await db.HashGetAllAsync(key))
                    {
                        Add(entry.Name);
                        Add(entry.Value);
                    }
                    break;
                case RedisType.List:
                    foreach (var item in await db.ListRangeAsync(key))
                    {
                        Add(item);
                    }
                    break;
                case RedisType.Set:
                    foreach (var item in await db.SetMembersAsync(key))
                    {
                        Add(item);
                    }
                    break;
                case RedisType.SortedSet:
                    foreach (var item in await db.SortedSetRangeByRankAsync(key))
                    {
                        Add(item);
                    }
                    break;
            }
        }
        return (stream.ToArray(), keys);
    }

    private byte[] AppendOnlyFiles()
    {
        var stream = new MemoryStream();
        foreach (var file in Directory.EnumerateFiles(cluster.Redis.DataDirectory!, "*.aof", SearchOption.AllDirectories))
        {
            using var reader = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            reader.CopyTo(stream);
        }
        return stream.ToArray();
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
