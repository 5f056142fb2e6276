namespace Maildriver.Grains.Protocol;

/// <summary>An order stamped with an epoch older than the machine's: it comes from a deposed Master and is refused (fencing).</summary>
[GenerateSerializer, Alias("Maildriver.StaleEpochException")]
public sealed class StaleEpochException(string message) : Exception(message);
