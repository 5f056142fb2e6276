using Microsoft.Extensions.Logging;

namespace Maildriver.Tests.Support;

/// <summary>
/// Writes every in-process silo's log lines to the file named by MAILDRIVER_TEST_LOG, for looking into a failing test
/// by hand: Maildriver's own lines from Trace up, Orleans's and the rest from Warning up. Without the variable, tests
/// log nothing.
/// </summary>
public sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    /// <summary>Adds the file to <paramref name="logging"/> when MAILDRIVER_TEST_LOG names one.</summary>
    public static void AddFromEnvironment(ILoggingBuilder logging)
    {
        if (Environment.GetEnvironmentVariable("MAILDRIVER_TEST_LOG") is not { Length: > 0 } path)
        {
            return;
        }

        logging.SetMinimumLevel(LogLevel.Trace)
            .AddProvider(new FileLoggerProvider(path))
            .AddFilter((category, level) => level >= LogLevel.Warning || category?.StartsWith("Maildriver", StringComparison.Ordinal) == true);
    }

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new FileLogger(path, categoryName);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private sealed class FileLogger(string path, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Gate)
            {
                File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category.Split('.').Last()}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}\n");
            }
        }
    }
}
