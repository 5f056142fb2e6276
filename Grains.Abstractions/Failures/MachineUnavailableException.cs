namespace Maildriver.Clustering.Placement;

/// <summary>
/// A grain pinned to <see cref="Machine"/> (machine placement) cannot be activated because no Active silo
/// has that name: the machine is down, not yet joined, or unknown. Thrown by the machine placement director and
/// carried back to the caller, across the gateway to a client too, as the call's exception.
/// </summary>
/// <remarks>
/// Deliberately not an OrleansException: Orleans 10.4.2 wraps placement in a retry pipeline that retries
/// OrleansException and TimeoutException for up to 30 s (docs/orleans-migration.md, finding 2), and a machine that is
/// down must fail the call at once.
/// </remarks>
[Serializable, GenerateSerializer]
[Alias("Maildriver.MachineUnavailableException")]
public sealed class MachineUnavailableException : Exception
{
    /// <summary>Machine <paramref name="machine"/> is not running; <paramref name="detail"/> says what was seen.</summary>
    public MachineUnavailableException(string machine, string detail)
        : base($"{machine} is not running: {detail}")
    {
        Machine = machine;
    }

    /// <summary>The machine the grain's key names.</summary>
    [Id(0)]
    public string Machine { get; private set; }
}
