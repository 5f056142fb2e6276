using Maildriver.Runtime.Messaging;

namespace Maildriver.Runtime.Transport.Http;

/// <summary>An outbound call waiting for the response frame with its correlation id.</summary>
/// <remarks>
/// Continuations run asynchronously so that completing a call never runs the caller's code on the connection's
/// reader loop, which would stall every other response behind it.
/// </remarks>
internal sealed class PendingCall(SiloStreamConnection owner, long correlationId)
    : TaskCompletionSource<WireResponse>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    /// <summary>Withdraws the call when the caller's token fires (the runtime's timeout); a late response is dropped.</summary>
    public static readonly Action<object?, CancellationToken> CancelCallback = static (state, token) =>
    {
        var call = (PendingCall)state!;
        call.Owner.Forget(call.CorrelationId);
        call.TrySetCanceled(token);
    };

    /// <summary>The connection the request went out on.</summary>
    public SiloStreamConnection Owner { get; } = owner;

    /// <summary>The id the response frame will carry.</summary>
    public long CorrelationId { get; } = correlationId;
}
