namespace Maildriver.Grains.Server;

/// <summary>The answer to <c>admin verify</c>.</summary>
/// <param name="Consistent">
/// True only when every configured machine was compared and all their digests are equal. A comparison that left a
/// machine out (see <paramref name="Unchecked"/>) is never consistent, even when the machines compared agree.
/// </param>
/// <param name="Machines">The figures of each machine that was compared.</param>
/// <param name="Unchecked">
/// The machines that could not be compared, and why; empty when every machine was. A server older than this field
/// sends none, which reads as empty.
/// </param>
[GenerateSerializer, Immutable, Alias("Maildriver.VerifyReport")]
public sealed record VerifyReport([property: Id(0)] bool Consistent, [property: Id(1)] IReadOnlyList<VerifyMachine> Machines, IReadOnlyList<UncheckedMachine>? Unchecked = null)
{
    /// <summary>The machines that could not be compared, and why; empty when every machine was.</summary>
    [Id(2)]
    public IReadOnlyList<UncheckedMachine> Unchecked { get; init; } = Unchecked ?? [];
}
