namespace Maildriver.Client.Connection;

/// <summary>Whether a failed call means the gateway's machine is gone, so the call should be repeated on another.</summary>
internal static class GatewayFailure
{
    /// <summary>
    /// True when the connection to the gateway was refused or broke (<see cref="OrleansMessageRejectionException"/>,
    /// <see cref="Orleans.Runtime.Messaging.ConnectionFailedException"/>) or the gateway's silo is known to be down
    /// (<see cref="SiloUnavailableException"/>), or the machine turned the client away, not ready to serve it
    /// (<see cref="Maildriver.Grains.Server.MachineNotReadyException"/>: nothing was done). A timeout is not one: the machine may have done the work, and the
    /// caller decides whether to repeat it.
    /// </summary>
    public static bool Is(Exception error)
        => error is OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or SiloUnavailableException
            or Maildriver.Grains.Server.MachineNotReadyException;
}
