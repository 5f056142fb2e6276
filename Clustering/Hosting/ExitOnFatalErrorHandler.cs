using Microsoft.Extensions.Logging;

namespace Maildriver.Clustering.Hosting;

/// <summary>
/// Orleans's fatal errors (this silo declared dead by the others, a broken membership table, a failed manifest) end
/// the process with Maildriver's fail-fast code <see cref="ExitCode"/>, as grain code that meets a state it cannot
/// explain does, instead of Orleans's Environment.FailFast (which aborts with a core dump and an exit code of its own).
/// The machine's supervisor restarts it and the protocol copes with a dead machine meanwhile.
/// </summary>
public sealed partial class ExitOnFatalErrorHandler(ILogger<ExitOnFatalErrorHandler> logger, ProcessExit exit) : IFatalErrorHandler
{
    /// <summary>Maildriver's fail-fast exit code (EX_SOFTWARE).</summary>
    public const int ExitCode = 70;

    /// <inheritdoc />
    /// <remarks>Every exception that reaches Orleans's fatal paths is unexpected here.</remarks>
    public bool IsUnexpected(Exception exception) => true;

    /// <inheritdoc />
    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
    {
        var from = sender?.ToString() ?? "Orleans";
        LogFatal(logger, exception, from, context ?? "no context");

        // The console logger writes from a queue that exiting does not drain: say it on standard error as well, which
        // is written before the call returns, so the reason is never lost.
        Console.Error.WriteLine($"fatal error from {from} ({context ?? "no context"}): {exception}; exiting with {ExitCode}");
        exit(ExitCode);
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Fatal error from {Sender}: {Context}; the silo exits now")]
    private static partial void LogFatal(ILogger logger, Exception? exception, string sender, string context);
}
