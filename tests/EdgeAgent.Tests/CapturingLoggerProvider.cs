using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace GameOps.EdgeAgent.Tests;

/// <summary>Keeps every log line (message and exception) so tests can check that no secret is ever logged.</summary>
public sealed class CapturingLoggerProvider(ITestOutputHelper? output = null) : ILoggerProvider
{
    public MessageLog<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        Lines.Add(line);
        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished; the line is still captured.
        }
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}: {formatter(state, exception)}";
            provider.Write(exception is null ? line : line + Environment.NewLine + exception);
        }
    }
}
