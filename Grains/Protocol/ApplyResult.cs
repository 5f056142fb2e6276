namespace Maildriver.Grains.Protocol;

/// <summary>A machine's answer to a batch of orders.</summary>
/// <param name="GotIt">Orders now safely recorded on the machine ("I got it").</param>
/// <param name="Finished">Orders already carried out ("I've finished it"); deliveries usually finish later, by a call back.</param>
/// <param name="Missing">MarkValid orders for letters the origin no longer has (it restarted and dropped a bogus protoletter): send the whole letter.</param>
public sealed record ApplyResult(IReadOnlyList<string> GotIt, IReadOnlyList<string> Finished, IReadOnlyList<string> Missing);
