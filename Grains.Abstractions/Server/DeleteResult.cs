namespace Maildriver.Grains.Server;

/// <summary>The answer to "delete letters".</summary>
/// <param name="Deleted">The ids deleted.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.DeleteResult")]
public sealed record DeleteResult([property: Id(0)] IReadOnlyList<string> Deleted);
