using Orleans.Runtime.Messaging;

namespace Maildriver.Clustering.Placement;

/// <summary>
/// Tells whether a failed call means "the machine could not be reached", the one question every catch site of the
/// protocol asks (try another machine, count the machine as down) as opposed to an error of the call itself.
/// </summary>
/// <remarks>
/// What a caller of a grain on a machine that died sees, in order of time (docs/orleans-migration.md, section 4.1):
/// <list type="bullet">
/// <item><see cref="TimeoutException"/>: the response timeout passed. A client's calls in flight to a gateway that
/// died are not failed early and end this way; so does any call to a silo that hangs, and one the transport dropped.</item>
/// <item><see cref="SiloUnavailableException"/>: silo to silo, calls in flight to a silo once it is declared dead
/// ("The target silo became unavailable"), and new calls to an address cached for a silo known to be dead.</item>
/// <item><see cref="OrleansMessageRejectionException"/> (the base class of the previous one): a new call before the
/// death is declared, when the connection is refused ("Exception while sending message: ConnectionFailedException").</item>
/// <item><see cref="ConnectionFailedException"/>: the connection itself could not be opened; normally it arrives wrapped
/// in the previous one, but it is counted on its own too.</item>
/// <item><see cref="MachineUnavailableException"/>: once the directory has dropped the dead silo's activations,
/// <see cref="MachinePlacementDirector"/> finds no Active silo of that name.</item>
/// </list>
/// Any of these wrapped (an <see cref="Exception.InnerException"/>, or one of an <see cref="AggregateException"/>'s)
/// counts too. A grain's own exceptions, <see cref="OperationCanceledException"/> and everything else do not.
/// </remarks>
public static class Unreachable
{
    /// <summary>True if <paramref name="exception"/>, or any exception it wraps, means the machine was not reached.</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or OrleansMessageRejectionException or ConnectionFailedException or MachineUnavailableException)
            {
                return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(Is))
            {
                return true;
            }
        }

        return false;
    }
}
