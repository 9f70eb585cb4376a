using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class EventStreamTests(ApiFactory api)
{
    /// <summary>An open /v1/me/events stream, read in the background into a channel.</summary>
    private sealed class Stream : IAsyncDisposable
    {
        private readonly Channel<SseItem<string>> _items = Channel.CreateUnbounded<SseItem<string>>();
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));
        private readonly Task _reader;

        public Stream(HttpResponseMessage response)
        {
            _reader = Task.Run(async () =>
            {
                try
                {
                    await using var body = await response.Content.ReadAsStreamAsync(_stop.Token);
                    await foreach (var item in SseParser.Create(body).EnumerateAsync(_stop.Token))
                    {
                        await _items.Writer.WriteAsync(item);
                    }
                }
                catch (OperationCanceledException)
                {
                }
                finally
                {
                    _items.Writer.TryComplete();
                }
            });
        }

        /// <summary>The next non-heartbeat event, or null when the server closed the stream.</summary>
        public async Task<SseItem<string>?> NextAsync(bool includeHeartbeats = false)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (await _items.Reader.WaitToReadAsync(timeout.Token))
            {
                var item = await _items.Reader.ReadAsync(timeout.Token);
                if (includeHeartbeats || item.EventType != "heartbeat")
                {
                    return item;
                }
            }
            return null;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _reader;
            _stop.Dispose();
        }
    }

    private async Task<Stream> OpenAsync(string accessToken)
    {
        var client = api.UserClient(accessToken);
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/me/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = new Stream(response);
        // The first heartbeat is sent once the subscription is in place.
        Assert.Equal("heartbeat", (await stream.NextAsync(includeHeartbeats: true))?.EventType);
        return stream;
    }

    private static async Task<(string Type, System.Text.Json.JsonElement Data)> ExpectAsync(Stream stream)
    {
        var item = await stream.NextAsync();
        Assert.NotNull(item);
        return (item.Value.EventType, System.Text.Json.JsonDocument.Parse(item.Value.Data).RootElement.Clone());
    }

    [Fact]
    public async Task RevokingADeviceFromAnotherReachesBothStreamsInOrder()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        var laptop = await (await service.PostAsJsonAsync("/v1/sessions", new { userId, device = new { id = "laptop" } })).AssertOkAsync(201);
        var phone = await (await service.PostAsJsonAsync("/v1/sessions", new { userId, device = new { id = "phone" } })).AssertOkAsync(201);
        await using var laptopStream = await OpenAsync(laptop.Str("accessToken"));
        await using var phoneStream = await OpenAsync(phone.Str("accessToken"));

        // From the laptop: sign the lost phone out.
        Assert.Equal(204, (int)(await api.UserClient(laptop.Str("accessToken")).DeleteAsync("/v1/me/devices/phone")).StatusCode);

        var first = await ExpectAsync(laptopStream);
        var second = await ExpectAsync(laptopStream);
        Assert.Equal(("session.revoked", phone.Str("sessionId")), (first.Type, first.Data.Str("sessionId")));
        Assert.Equal(("device.removed", "phone"), (second.Type, second.Data.Str("deviceId")));
        Assert.Equal("device_removed", first.Data.GetProperty("detail").Str("reason"));

        var last = await ExpectAsync(phoneStream);
        Assert.Equal(("session.revoked", phone.Str("sessionId")), (last.Type, last.Data.Str("sessionId")));
        Assert.Null(await phoneStream.NextAsync()); // the phone's stream ends with its own revocation
    }

    [Fact]
    public async Task DataChangedOnOneDeviceIsPushedToTheOther()
    {
        var service = api.ServiceClient();
        var userId = TestTenants.NewUserId();
        var laptop = await (await service.PostAsJsonAsync("/v1/sessions", new { userId, device = new { id = "laptop" } })).AssertOkAsync(201);
        var phone = await (await service.PostAsJsonAsync("/v1/sessions", new { userId, device = new { id = "phone" } })).AssertOkAsync(201);
        await using var phoneStream = await OpenAsync(phone.Str("accessToken"));

        var put = new HttpRequestMessage(HttpMethod.Put, "/v1/me/data") { Content = JsonContent.Create(new { data = new { cart = 2 } }) };
        await (await api.UserClient(laptop.Str("accessToken")).SendAsync(put)).AssertOkAsync();

        var pushed = await ExpectAsync(phoneStream);
        Assert.Equal("session.data_changed", pushed.Type);
        Assert.Equal(laptop.Str("sessionId"), pushed.Data.Str("sessionId"));
        Assert.Equal("2", pushed.Data.GetProperty("detail").Str("version"));
    }

    [Fact]
    public async Task TheStreamEndsWhenTheCallersSessionExpires()
    {
        var userId = TestTenants.NewUserId();
        var session = await (await api.ServiceClient().PostAsJsonAsync("/v1/sessions", new { userId })).AssertOkAsync(201);
        await using var stream = await OpenAsync(session.Str("accessToken"));

        api.Time.Advance(TimeSpan.FromMinutes(31));
        // What the user grain's expiry timer does on its own, called now because the clock was moved.
        var grains = api.Services.GetRequiredService<IGrainFactory>();
        await grains.GetUserGrain(TestTenants.Acme, userId).CheckExpiryAsync();

        var last = await ExpectAsync(stream);
        Assert.Equal(("session.expired", session.Str("sessionId")), (last.Type, last.Data.Str("sessionId")));
        Assert.Null(await stream.NextAsync());
    }

    [Fact]
    public async Task TheStreamNeedsAValidSession()
    {
        var response = await api.UserClient("acme.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").GetAsync("/v1/me/events");

        await response.AssertProblemAsync(401, "token_invalid");
    }
}
