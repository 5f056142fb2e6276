using Microsoft.Extensions.Logging;

namespace Maildriver.Runtime.Diagnostics;

/// <summary>The runtime's log lines.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "Activation of {Grain} failed")]
    public static partial void ActivationFailed(this ILogger logger, GrainId grain, Exception error);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "OnDeactivateAsync of {Grain} failed")]
    public static partial void DeactivationFailed(this ILogger logger, GrainId grain, Exception error);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Timer callback of {Grain} failed")]
    public static partial void TimerFailed(this ILogger logger, GrainId grain, Exception error);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Silo {Silo} started (silo port {SiloPort}, gateway port {GatewayPort})")]
    public static partial void SiloStarted(this ILogger logger, string silo, int siloPort, int gatewayPort);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Silo {Silo} stopped")]
    public static partial void SiloStopped(this ILogger logger, string silo);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Silo {Silo} killed: activations dropped without deactivation")]
    public static partial void SiloKilled(this ILogger logger, string silo);

    [LoggerMessage(EventId = 107, Level = LogLevel.Critical, Message = "Silo {Silo} is crashing on purpose: {Reason}")]
    public static partial void SiloCrashing(this ILogger logger, string silo, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Debug, Message = "Collected {Count} idle activations")]
    public static partial void Collected(this ILogger logger, int count);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "Silo {Silo} serves its dashboard on http://{Host}:{Port}/")]
    public static partial void DashboardListening(this ILogger logger, string silo, string host, int port);
}
