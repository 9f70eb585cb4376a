using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SessionCluster.Tests.Infrastructure;

/// <summary>A logger provider that keeps every line it is given (message, exception and structured values).</summary>
public sealed class LogCapture(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CaptureLogger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class CaptureLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue($"{category} {formatter(state, exception)} {exception}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                // Structured values too: a sink may store them even when the message template leaves them out.
                lines.Enqueue(string.Join(' ', values.Select(v => $"{v.Key}={v.Value}")));
            }
        }
    }
}
