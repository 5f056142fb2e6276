
namespace Maildriver.Grains.Common;

/// <summary>
/// Whether a failed grain call means "that machine could not be reached", which the protocol treats as a machine
/// that may be dead (retry elsewhere or later, put the order back), as opposed to an answer it gave. One place, so
/// that the move onto Orleans (issue 13) adds Orleans's own such exceptions here rather than at every catch.
/// </summary>
public static class Unreachable
{
    /// <summary>
    /// True for <see cref="SiloUnavailableException"/> (the machine is known dead, or died with the call in flight),
    /// <see cref="OrleansMessageRejectionException"/> (the connection to it was refused or broke before the call was
    /// sent) and <see cref="TimeoutException"/> (no answer within the response timeout: the call may or may not have
    /// run).
    /// </summary>
    public static bool Is(Exception error) => error is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException;
}
