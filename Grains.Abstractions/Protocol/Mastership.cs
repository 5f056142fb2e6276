namespace Maildriver.Grains.Protocol;

/// <summary>What a Master activation learns from its machine as it starts.</summary>
/// <param name="View">The view it is Master of.</param>
/// <param name="TakeOverPending">
/// True when mastership was granted for a takeover or a change of master whose records have not yet been handed
/// over: the Master takes no request until they are, or a client's retry of a letter in them would become a
/// second letter with the same submission.
/// </param>
[GenerateSerializer, Immutable, Alias("Maildriver.Mastership")]
public sealed record Mastership([property: Id(0)] ClusterView View, [property: Id(1)] bool TakeOverPending);
