using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Maildriver.Clustering.Security;

/// <summary>
/// The gateway lets clients in; this filter lets them call nothing but the front door. Every incoming grain call
/// passes if it targets a system target (Orleans's own traffic, which a client needs too: its manifest comes from the
/// gateway's), or invokes a method declared on <see cref="FrontDoorOptions.FrontDoor"/>, or carries a valid
/// <see cref="SiloStamp"/> (it was sent by a silo of this cluster). Anything else is refused with
/// <see cref="CallRefusedException"/> before the grain method runs.
/// </summary>
/// <remarks>
/// The sender's grain id is not trusted: a client writes it itself (docs/orleans-migration.md, finding 3). The stamp is
/// removed before the grain runs, so a stamp a client planted in its request context cannot flow on from the front
/// door; calls the grain makes get fresh stamps from <see cref="SiloStampFilter"/>.
/// </remarks>
internal sealed partial class FrontDoorCallFilter : IIncomingGrainCallFilter
{
    private readonly Type _frontDoor;
    private readonly SiloStamp _stamp;
    private readonly ILogger _logger;

    public FrontDoorCallFilter(IOptions<FrontDoorOptions> options, SiloStamp stamp, ILogger<FrontDoorCallFilter> logger)
    {
        _frontDoor = options.Value.FrontDoor ?? throw new ArgumentException("FrontDoorOptions.FrontDoor is required", nameof(options));
        _stamp = stamp;
        _logger = logger;
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.TargetId.IsSystemTarget() || IsTimerTick(context.Request))
        {
            await context.Invoke();
            return;
        }

        var stamp = RequestContext.Get(SiloStamp.Key);
        RequestContext.Remove(SiloStamp.Key);
        if (context.InterfaceMethod.DeclaringType != _frontDoor && !_stamp.IsValid(context.TargetId, stamp))
        {
            var source = context.SourceId?.ToString() ?? "an unknown sender";
            LogRefused(_logger, context.InterfaceName, context.MethodName, context.TargetId, source, stamp is not null);
            throw new CallRefusedException(
                $"refused {context.InterfaceName}.{context.MethodName} on {context.TargetId} from {source}: "
                + $"a client may call only {_frontDoor.Name}, and the call bears no valid silo stamp");
        }

        await context.Invoke();
    }

    // A grain's own timer tick arrives as a local message whose request is the timer's own invoker, a private class
    // nested in Orleans's (internal) GrainTimer. Nothing read off a connection can be one: a request that crossed a
    // wire is one of the code generator's invokables. Refusing ticks would silently stop every grain timer.
    private static bool IsTimerTick(object request)
        => request.GetType() is { IsNested: true, DeclaringType.FullName: "Orleans.Runtime.GrainTimer" };

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Refused {Interface}.{Method} on {Target} from {Source} (stamp present: {HadStamp}): not the front door, not from a silo")]
    private static partial void LogRefused(ILogger logger, string @interface, string method, GrainId target, string source, bool hadStamp);
}
