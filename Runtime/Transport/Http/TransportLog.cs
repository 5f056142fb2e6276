using Microsoft.Extensions.Logging;

namespace Maildriver.Runtime.Transport.Http;

/// <summary>The HTTP silo transport's log events.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Silo {Silo} accepts silo calls on {Host}:{Port} (HTTP/2)")]
    public static partial void Listening(ILogger logger, string silo, string host, int port);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Stream to silo {Target} at {Uri} is open")]
    public static partial void StreamOpened(ILogger logger, string target, Uri uri);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Stream to silo {Target} lost: {Reason}")]
    public static partial void StreamLost(ILogger logger, string target, string reason, Exception? exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Stream to silo {Target} closed: {Reason}")]
    public static partial void StreamClosed(ILogger logger, string target, string reason, Exception? exception);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Stream to silo {Target} ended by the silo (it is stopping or restarting)")]
    public static partial void StreamEnded(ILogger logger, string target);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Refused a silo stream from {RemoteAddress} claiming to be silo '{Source}': missing or invalid cluster secret proof")]
    public static partial void ProofRejected(ILogger logger, string? remoteAddress, string source);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Stream from silo {Source} opened")]
    public static partial void InboundOpened(ILogger logger, string source);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Stream from silo {Source} ended")]
    public static partial void InboundEnded(ILogger logger, string source);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Stream from silo {Source} broke")]
    public static partial void InboundBroken(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "The call handler threw for {Interface}.{Method} from silo {Source}; the caller gets the error")]
    public static partial void HandlerFaulted(ILogger logger, string @interface, string method, string source, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Silo {Source} sent a request frame that is not a valid WireRequest")]
    public static partial void UnreadableRequest(ILogger logger, string source, Exception exception);
}
