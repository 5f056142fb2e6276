namespace Maildriver.Grains.Server;

/// <summary>A machine that <c>admin verify</c> could not compare.</summary>
/// <param name="Name">The machine.</param>
/// <param name="Reason">Why: <c>down</c>, <c>catching up</c>, <c>being rebuilt</c>, <c>unreachable</c> or <c>timed out</c>.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.UncheckedMachine")]
public sealed record UncheckedMachine([property: Id(0)] string Name, [property: Id(1)] string Reason);
