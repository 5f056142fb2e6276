using Microsoft.Extensions.Logging;

namespace Maildriver.Runtime.Gateway;

/// <summary>The gateway server's log events.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Silo {Silo} accepts client calls on {Host}:{Port}")]
    public static partial void Listening(ILogger logger, string silo, string host, int port);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Refused a client call from {RemoteAddress}: {Reason}")]
    public static partial void Refused(ILogger logger, string? remoteAddress, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "The call handler threw for client call {Interface}.{Method}")]
    public static partial void HandlerFaulted(ILogger logger, string @interface, string method, Exception exception);
}
