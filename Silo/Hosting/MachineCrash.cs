using Maildriver.Grains.Hosting;
using Microsoft.Extensions.Logging;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// The paper's "crash the system" (section 12) for a real process: one critical log line saying why, then exit code
/// 70 at once. The other machines already know how to cope with a dead one; a machine that carried on in a state it
/// cannot explain might not be so easy to cope with.
/// </summary>
public sealed partial class MachineCrash(SiloIdentity silo, ILoggerFactory loggers)
{
    /// <summary>The exit code of a machine that crashed itself.</summary>
    public const int ExitCode = 70;

    /// <summary>Logs <paramref name="reason"/> and ends the process.</summary>
    public void Crash(string reason)
    {
        LogCrashing(loggers.CreateLogger("Maildriver.Silo"), silo.Name, reason);
        // Flush the console logger: the line saying why is the point.
        loggers.Dispose();
        Environment.Exit(ExitCode);
    }

    [LoggerMessage(Level = LogLevel.Critical, EventId = 107, Message = "Silo {Silo} is crashing on purpose: {Reason}")]
    private static partial void LogCrashing(ILogger logger, string silo, string reason);
}
