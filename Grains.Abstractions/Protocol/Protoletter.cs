namespace Maildriver.Grains.Protocol;

/// <summary>A letter in a machine's WorkSpace, waiting to be delivered into the inboxes of its recipients there.</summary>
/// <param name="Letter">The letter.</param>
/// <param name="State">Bogus until the Master has it, then valid.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.Protoletter")]
public sealed record Protoletter([property: Id(0)] Letter Letter, [property: Id(1)] ProtoletterState State);
