namespace Maildriver.Grains.Server;

/// <summary>An acknowledged send.</summary>
/// <param name="Id">The letter id.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.SendResult")]
public sealed record SendResult([property: Id(0)] string Id);
