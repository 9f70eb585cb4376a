using System.Net.ServerSentEvents;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

/// <summary>The API with streams that check their token every second.</summary>
public sealed class FastRenewApiFactory : ApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
        [new("SessionCluster:EventStream:RenewInterval", "00:00:01")];
}

/// <summary>A stream lives as long as the token that opened it is the session's current one.</summary>
public sealed class EventStreamRotationTests(FastRenewApiFactory api) : IClassFixture<FastRenewApiFactory>
{
    /// <summary>Reads a stream to its end (bounded): the event types it carried, and whether the server closed it.</summary>
    private static async Task<(List<string> Types, bool ClosedByServer)> ReadAsync(HttpResponseMessage response, TimeSpan atMost)
    {
        var types = new List<string>();
        using var stop = new CancellationTokenSource(atMost);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(stop.Token))
            {
                types.Add(item.EventType);
            }
            return (types, true);
        }
        catch (OperationCanceledException)
        {
            return (types, false);
        }
    }

    [Fact]
    public async Task AStreamEndsOnceItsTokenIsRotatedAwayAndTheNewTokenStreams()
    {
        var service = api.ServiceClient();
        var session = await service.CreateSessionAsync();
        var old = await api.UserClient(session.Str("accessToken")).GetAsync("/v1/me/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)old.StatusCode);

        var rotated = await (await service.RefreshAsync(session.Str("refreshToken"))).AssertOkAsync();

        // A copy of the old token (a thief's, say) no longer listens; no session-ending event: the session lives.
        var (types, closed) = await ReadAsync(old, TimeSpan.FromSeconds(15));
        Assert.True(closed, "the stream of a rotated-away token stayed open");
        Assert.DoesNotContain(EventTypes.SessionRevoked, types);
        var current = await api.UserClient(rotated.Str("accessToken")).GetAsync("/v1/me/events", HttpCompletionOption.ResponseHeadersRead);
        var (_, currentClosed) = await ReadAsync(current, TimeSpan.FromSeconds(3));
        Assert.False(currentClosed, "the current token's stream closed");
    }

    [Fact]
    public async Task AStreamOutlivesItsAccessTokensExpiryWhileTheSessionLives()
    {
        var session = await api.ServiceClient().CreateSessionAsync();
        var stream = await api.UserClient(session.Str("accessToken")).GetAsync("/v1/me/events", HttpCompletionOption.ResponseHeadersRead);

        api.Time.Advance(TimeSpan.FromMinutes(16)); // past AccessTokenLifetime, inside IdleTimeout

        var (_, closed) = await ReadAsync(stream, TimeSpan.FromSeconds(3));
        Assert.False(closed, "an idle holder of the current token was cut off");
    }
}
