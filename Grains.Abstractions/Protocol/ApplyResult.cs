namespace Maildriver.Grains.Protocol;

/// <summary>A machine's answer to a batch of orders.</summary>
/// <param name="GotIt">Orders now safely recorded on the machine ("I got it").</param>
/// <param name="Finished">Orders already carried out ("I've finished it"); deliveries usually finish later, by a call back.</param>
/// <param name="Missing">MarkValid orders for letters the origin no longer has (it restarted and dropped a bogus protoletter): send the whole letter.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.ApplyResult")]
public sealed record ApplyResult([property: Id(0)] IReadOnlyList<string> GotIt, [property: Id(1)] IReadOnlyList<string> Finished, [property: Id(2)] IReadOnlyList<string> Missing);
