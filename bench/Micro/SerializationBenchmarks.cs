using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using SessionCluster.Api.Contracts;

namespace SessionCluster.Bench.Micro;

/// <summary>
/// The validate answer on its way out: the API maps the grain's <see cref="SessionView"/> to <see cref="SessionViewDto"/>
/// and writes it with its source-generated JSON context; the request body is read with the same context. In cluster mode
/// the <see cref="SessionResult"/> also crosses the wire from silo to API node (Orleans serializer).
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private Utf8JsonWriter? _writer;
    private JsonTypeInfo<SessionViewDto> _viewInfo = null!;
    private JsonTypeInfo<ValidateRequest> _requestInfo = null!;
    private SessionView _view = null!;
    private SessionViewDto _dto = null!;
    private byte[] _requestBody = [];
    private Serializer<SessionResult> _orleans = null!;
    private SessionResult _result = null!;
    private byte[] _resultBytes = [];
    private ServiceProvider? _services;

    [GlobalSetup]
    public void Setup()
    {
        // The API's JsonSerializerContext is internal to the API: take its Default instance once, by name.
        var contextType = typeof(SessionViewDto).Assembly.GetType("SessionCluster.Api.Http.ApiJsonContext", throwOnError: true)!;
        var context = (JsonSerializerContext)contextType.GetProperty("Default")!.GetValue(null)!;
        _viewInfo = (JsonTypeInfo<SessionViewDto>)context.GetTypeInfo(typeof(SessionViewDto))!;
        _requestInfo = (JsonTypeInfo<ValidateRequest>)context.GetTypeInfo(typeof(ValidateRequest))!;
        var (token, sessionId, _) = Samples.NewToken();
        _view = Samples.View(sessionId);
        _dto = new SessionViewDto(_view);
        _requestBody = Encoding.UTF8.GetBytes($$$"""{"accessToken":"{{{token}}}","client":{"ip":"127.0.0.1","userAgent":"bench/1.0"}}""");
        _writer = new Utf8JsonWriter(_buffer);
        _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        _orleans = _services.GetRequiredService<Serializer<SessionResult>>();
        _result = SessionResult.Ok(_view);
        _resultBytes = _orleans.SerializeToArray(_result);
    }

    [Benchmark(Description = "JSON: SessionViewDto -> UTF-8 (API context)")]
    public int SerializeView()
    {
        _buffer.ResetWrittenCount();
        _writer!.Reset(_buffer);
        JsonSerializer.Serialize(_writer, _dto, _viewInfo);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "JSON: new SessionViewDto(view) + serialize")]
    public int MapAndSerializeView()
    {
        _buffer.ResetWrittenCount();
        _writer!.Reset(_buffer);
        JsonSerializer.Serialize(_writer, new SessionViewDto(_view), _viewInfo);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "JSON: read ValidateRequest body")]
    public ValidateRequest? ReadValidateRequest() => JsonSerializer.Deserialize(_requestBody, _requestInfo);

    [Benchmark(Description = "Orleans: serialize SessionResult")]
    public byte[] SerializeResult() => _orleans.SerializeToArray(_result);

    [Benchmark(Description = "Orleans: deserialize SessionResult")]
    public SessionResult? DeserializeResult() => _orleans.Deserialize(_resultBytes);

    [GlobalCleanup]
    public void Cleanup() => Dispose();

    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
        _services?.Dispose();
        _services = null;
        GC.SuppressFinalize(this);
    }
}
