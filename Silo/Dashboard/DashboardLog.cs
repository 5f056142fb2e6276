using Microsoft.Extensions.Logging;

namespace Maildriver.Silo.Dashboard;

/// <summary>The dashboard's log lines.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard: {User} logged in from {Remote}")]
    public static partial void LoggedIn(ILogger logger, string user, string? remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard: refused a login as {User} from {Remote}")]
    public static partial void LoginRefused(ILogger logger, string user, string? remote);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dashboard: {Path} failed")]
    public static partial void RequestFailed(ILogger logger, string path, Exception error);
}
