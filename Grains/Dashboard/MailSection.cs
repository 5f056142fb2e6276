namespace Maildriver.Grains.Dashboard;

/// <summary>The mail on each machine and whether the replicas agree (<c>GET /api/mail</c>).</summary>
/// <param name="Machines">Each machine's figures, in configuration order.</param>
/// <param name="DigestsAgree">
/// Whether the live machines' digests were equal at the last comparison; null before the first. Digests are
/// compared only while the cluster is quiet (no live work), since replicas differ while letters travel.
/// </param>
/// <param name="DigestsAt">When the last comparison was made.</param>
/// <param name="DigestNote">A sentence on the comparison, for the page.</param>
public sealed record MailSection(IReadOnlyList<MailRow> Machines, bool? DigestsAgree, DateTimeOffset? DigestsAt, string DigestNote);
