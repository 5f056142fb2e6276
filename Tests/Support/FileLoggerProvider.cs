using Microsoft.Extensions.Logging;

namespace Maildriver.Tests.Support;

/// <summary>
/// Writes every silo's log lines to the file named by MAILDRIVER_TEST_LOG, for looking into a failing test by hand;
/// without the variable, tests log nothing.
/// </summary>
public sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    public static ILoggerFactory? FromEnvironment(string silo)
        => Environment.GetEnvironmentVariable("MAILDRIVER_TEST_LOG") is { Length: > 0 } path
            ? LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FileLoggerProvider(path)).AddFilter((category, _) => category is not null && !category.StartsWith("Microsoft", StringComparison.Ordinal)))
            : null;

    public ILogger CreateLogger(string categoryName) => new FileLogger(path, categoryName);

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
