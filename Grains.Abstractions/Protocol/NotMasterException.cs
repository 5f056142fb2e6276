namespace Maildriver.Grains.Protocol;

/// <summary>A request reached a machine that does not hold mastership (any more); ask the local Replica who does and retry.</summary>
[GenerateSerializer, Alias("Maildriver.NotMasterException")]
public sealed class NotMasterException(string message) : Exception(message);
