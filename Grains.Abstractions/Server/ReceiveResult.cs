namespace Maildriver.Grains.Server;

/// <summary>The answer to "receive mail".</summary>
/// <param name="Letters">The user's letters, oldest first.</param>
/// <param name="Partial">True when the bounded wait ended with letters still mid-delivery.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.ReceiveResult")]
public sealed record ReceiveResult([property: Id(0)] IReadOnlyList<LetterView> Letters, [property: Id(1)] bool Partial);
