using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Server;

/// <summary>
/// Why a machine's replica could not be compared (<see cref="UncheckedMachine.Reason"/>), in the words <c>admin
/// verify</c> and the dashboard both use: beside the record, so that the silo's dashboard and the Server grain read one
/// list rather than each other's internals.
/// </summary>
public static class UncheckedReasons
{
    /// <summary>On the Dead Machine List: no pulse.</summary>
    public const string Down = "down";

    /// <summary>Back, but its catch-up list is not yet done, so it is expected to be behind.</summary>
    public const string CatchingUp = "catching up";

    /// <summary>Copying a snapshot of the Master's machine.</summary>
    public const string Rebuilding = "being rebuilt";

    /// <summary>Counted as up, but the call for its digest found no silo.</summary>
    public const string Unreachable = "unreachable";

    /// <summary>Counted as up, but its digest did not come within the call's time.</summary>
    public const string TimedOut = "timed out";

    /// <summary>Why <paramref name="machine"/>, which the Master does not count as up, was left out.</summary>
    public static string NotUp(MachineStatus machine) => machine.State switch
    {
        MachineStates.CatchingUp => CatchingUp,
        MachineStates.Rebuilding => Rebuilding,
        _ => Down,
    };
}
