using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SessionCluster.Tests.Infrastructure;

namespace SessionCluster.Tests.Events;

/// <summary>
/// A real webhook receiver (Kestrel on loopback) with one endpoint per path. It checks every signature with its own
/// plain HMAC-SHA256 (not the library the sender uses) and records what arrived; each path answers what the test says.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>A Standard Webhooks secret for the tests (24 random-looking bytes).</summary>
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<int>> _answers = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Delivery>> _received = new();

    public sealed record Delivery(string Id, long Timestamp, bool SignatureValid, string Type, string EventId, string UserId, string? SessionId, JsonElement Body);

    public Uri Address { get; }

    private WebhookReceiver(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(address.ToString());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, address);
        app.MapPost("/{path}", async (string path, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var status = receiver._answers.TryGetValue(path, out var answer) ? answer() : 200;
            var id = request.Headers["webhook-id"].ToString();
            var timestamp = long.Parse(request.Headers["webhook-timestamp"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var json = JsonDocument.Parse(body).RootElement.Clone();
            var data = json.GetProperty("data");
            if (status is >= 200 and < 300)
            {
                receiver._received.GetOrAdd(path, _ => new()).Enqueue(new Delivery(id, timestamp, Verify(id, timestamp, body, request.Headers["webhook-signature"].ToString()),
                    json.GetProperty("type").GetString()!, data.GetProperty("id").GetString()!, data.GetProperty("userId").GetString()!,
                    data.TryGetProperty("sessionId", out var s) ? s.GetString() : null, json));
            }
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    public Uri Url(string path) => new(Address, path);

    /// <summary>What the path answers from now on (a status per request).</summary>
    public void Answer(string path, Func<int> status) => _answers[path] = status;

    /// <summary>Deliveries the path accepted (2xx), in arrival order.</summary>
    public IReadOnlyList<Delivery> Received(string path) => _received.TryGetValue(path, out var queue) ? [.. queue] : [];

    /// <summary>The signature check a receiver written from the spec makes: HMAC-SHA256 over "id.timestamp.body".</summary>
    private static bool Verify(string id, long timestamp, string body, string header)
    {
        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return header.Split(' ').Any(s => s.StartsWith("v1,", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s[3..]), Encoding.ASCII.GetBytes(expected)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
