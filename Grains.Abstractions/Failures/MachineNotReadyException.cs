namespace Maildriver.Grains.Server;

/// <summary>
/// The machine whose gateway took the call does not serve clients yet (it is being rebuilt from the others, say):
/// nothing was done, and the client moves on to the next gateway of its list.
/// </summary>
[GenerateSerializer, Alias("Maildriver.MachineNotReadyException")]
public sealed class MachineNotReadyException(string message) : Exception(message);
