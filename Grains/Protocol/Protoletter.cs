namespace Maildriver.Grains.Protocol;

/// <summary>A letter in a machine's WorkSpace, waiting to be delivered into the inboxes of its recipients there.</summary>
/// <param name="Letter">The letter.</param>
/// <param name="State">Bogus until the Master has it, then valid.</param>
public sealed record Protoletter(Letter Letter, ProtoletterState State);
