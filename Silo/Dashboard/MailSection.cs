using Maildriver.Grains.Server;

namespace Maildriver.Silo.Dashboard;

/// <summary>The mail on each machine and whether the replicas agree (<c>GET /api/mail</c>).</summary>
/// <param name="Machines">Each machine's figures, in configuration order.</param>
/// <param name="DigestsAgree">
/// True when the last comparison took every configured machine and their digests were equal; false when the
/// digests it took differed; null before the first, and when it left a machine out (see
/// <paramref name="DigestsUnchecked"/>) without finding a difference: a partial comparison is no agreement. Digests
/// are compared only while the cluster is quiet (no live work), since replicas differ while letters travel.
/// </param>
/// <param name="DigestsAt">When the last comparison was made.</param>
/// <param name="DigestNote">A sentence on the comparison, for the page.</param>
/// <param name="DigestsUnchecked">The machines the last comparison could not take, and why (down, catching up, …).</param>
public sealed record MailSection(
    IReadOnlyList<MailRow> Machines,
    bool? DigestsAgree,
    DateTimeOffset? DigestsAt,
    string DigestNote,
    IReadOnlyList<UncheckedMachine> DigestsUnchecked);
