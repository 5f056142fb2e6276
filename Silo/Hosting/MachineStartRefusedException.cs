namespace Maildriver.Silo.Hosting;

/// <summary>The machine may not start here and now (<see cref="MachineStartGate"/>); the message says why, in one line.</summary>
/// <param name="message">Why, e.g. that another process holds the data directory.</param>
public sealed class MachineStartRefusedException(string message) : Exception(message);
