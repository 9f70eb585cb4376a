using System.Net.ServerSentEvents;
using System.Threading.Channels;

namespace SessionCluster.Tests.Events;

/// <summary>An open SSE response, read in the background into a channel.</summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly Channel<SseItem<string>> _items = Channel.CreateUnbounded<SseItem<string>>();
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(150));
    private readonly Task _reader;
    private readonly HttpResponseMessage _response;

    public SseReader(HttpResponseMessage response)
    {
        _response = response;
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
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
            {
            }
            finally
            {
                _items.Writer.TryComplete();
            }
        });
    }

    public static async Task<SseReader> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            // Only a refusal has a body to read whole; a stream never ends.
            Assert.Fail($"stream refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return new SseReader(response);
    }

    /// <summary>The next item that is not a heartbeat, or null if none comes within <paramref name="timeout"/>.</summary>
    public async Task<SseItem<string>?> NextEventAsync(TimeSpan timeout)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        wait.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var item = await _items.Reader.ReadAsync(wait.Token);
                if (item.EventType != "heartbeat")
                {
                    return item;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>The first item (a stream starts with a heartbeat once it is listening).</summary>
    public async Task<SseItem<string>> FirstAsync()
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        wait.CancelAfter(TimeSpan.FromSeconds(30));
        return await _items.Reader.ReadAsync(wait.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader;
        _response.Dispose();
        _stop.Dispose();
    }
}
