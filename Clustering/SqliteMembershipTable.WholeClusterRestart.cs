using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Maildriver.Clustering;

/// <summary>
/// After a whole-cluster crash (every silo of the host killed, or the host lost power) the table still holds the
/// dead silos' rows as <see cref="SiloStatus.Active"/>. Orleans makes a joining silo validate connectivity with every
/// Active silo before it joins, and retries that for <see cref="ClusterMembershipOptions.MaxJoinAttemptTime"/>
/// (5 minutes by default) before it gives up: the first silo back waits on silos that will never answer, since only
/// a live silo votes others dead. A restarted silo declares only its own older generations dead (same address and
/// port), so a machine that stays down blocks every other one. The silo's start clears that first.
/// </summary>
public sealed partial class SqliteMembershipTable
{
    /// <summary>
    /// How long a row may go without an I-am-alive write before Orleans itself calls it stale: the publish period
    /// times the number of misses it tolerates (<c>IAmAliveTablePublishTimeout × NumMissedTableIAmAliveLimit</c>;
    /// 30 s × 3 by default).
    /// </summary>
    public static TimeSpan StaleAfter(ClusterMembershipOptions options)
        => options.IAmAliveTablePublishTimeout * options.NumMissedTableIAmAliveLimit;

    /// <summary>
    /// Declares dead, in one write transaction that also moves the table version on, every row of this cluster
    /// that is not yet <see cref="SiloStatus.Dead"/> and has shown no sign of life (start or I-am-alive write) since
    /// <paramref name="silentSince"/>. A live silo writes I-am-alive every publish period, so with
    /// <paramref name="silentSince"/> = now − <see cref="StaleAfter"/> only silos Orleans already treats as stale are
    /// touched; a live silo that was frozen that long finds itself Dead and stops, as it would once voted dead.
    /// Returns the rows declared dead (as they were before).
    /// </summary>
    public Task<IReadOnlyList<MembershipEntry>> DeclareSilentSilosDeadAsync(DateTimeOffset silentSince, CancellationToken cancellationToken = default)
        => RunAsync(connection =>
    {
        var declared = Write(connection, transaction =>
        {
            var silent = new List<MembershipEntry>();
            using (var select = Command(connection, transaction,
                $"SELECT {SqliteMembershipSchema.RowColumns} FROM membership_rows " +
                "WHERE cluster_id = $cluster AND status <> $dead AND max(start_time, i_am_alive_time) < $since",
                ("$cluster", _clusterId), ("$dead", (int)SiloStatus.Dead), ("$since", SqliteMembershipRows.ToTicks(silentSince))))
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    silent.Add(SqliteMembershipRows.Read(reader).Item1);
                }
            }

            if (silent.Count == 0)
            {
                return ((IReadOnlyList<MembershipEntry>)silent, false);
            }

            foreach (var entry in silent)
            {
                using var update = Command(connection, transaction,
                    "UPDATE membership_rows SET status = $dead, etag = $etag " +
                    "WHERE cluster_id = $cluster AND address = $address AND port = $port AND generation = $generation",
                    ("$dead", (int)SiloStatus.Dead), ("$etag", NewETag()));
                SqliteMembershipRows.AddKey(update, _clusterId, entry.SiloAddress);
                update.ExecuteNonQuery();
            }

            // The version moves on as for any other change, so every silo's next read sees these rows dead.
            Execute(connection, transaction,
                "UPDATE membership_version SET version = version + 1, etag = $etag, changed_at = $now WHERE cluster_id = $cluster",
                ("$cluster", _clusterId), ("$etag", NewETag()), ("$now", DateTime.UtcNow.Ticks));
            return ((IReadOnlyList<MembershipEntry>)silent, true);
        });

        foreach (var entry in declared)
        {
            LogDeclaredSilentSiloDead(entry.SiloAddress, entry.SiloName, entry.Status, entry.IAmAliveTime, _clusterId);
        }

        return declared;
    }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Declared silo {SiloAddress} ({SiloName}, {Status}) of cluster {ClusterId} dead: no sign of life since {IAmAliveTime:o}")]
    private partial void LogDeclaredSilentSiloDead(SiloAddress siloAddress, string siloName, SiloStatus status, DateTime iAmAliveTime, string clusterId);
}
