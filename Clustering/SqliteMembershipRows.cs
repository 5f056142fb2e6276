using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Maildriver.Clustering;

/// <summary>How a <see cref="MembershipEntry"/> is stored in a <c>membership_rows</c> row, and read back whole.</summary>
internal static class SqliteMembershipRows
{
    /// <summary>A membership entry and its row's ETag, from a reader over <see cref="SqliteMembershipSchema.RowColumns"/>.</summary>
    public static Tuple<MembershipEntry, string> Read(SqliteDataReader reader)
    {
        var entry = new MembershipEntry
        {
            SiloAddress = SiloAddress.New(IPAddress.Parse(reader.GetString(0)), reader.GetInt32(1), reader.GetInt32(2)),
            SiloName = reader.IsDBNull(3) ? null! : reader.GetString(3),
            HostName = reader.IsDBNull(4) ? null! : reader.GetString(4),
            Status = (SiloStatus)reader.GetInt32(5),
            ProxyPort = reader.GetInt32(6),
            SuspectTimes = reader.IsDBNull(7) ? null : ReadSuspectTimes(reader.GetString(7)),
            RoleName = reader.IsDBNull(8) ? null : reader.GetString(8),
            UpdateZone = reader.GetInt32(9),
            FaultZone = reader.GetInt32(10),
            StartTime = FromTicks(reader.GetInt64(11)),
            IAmAliveTime = FromTicks(reader.GetInt64(12)),
        };
        return Tuple.Create(entry, reader.GetString(13));
    }

    /// <summary>The row key's parameters: <c>$cluster, $address, $port, $generation</c>.</summary>
    public static void AddKey(SqliteCommand command, string clusterId, SiloAddress silo)
    {
        command.Parameters.AddWithValue("$cluster", clusterId);
        command.Parameters.AddWithValue("$address", silo.Endpoint.Address.ToString());
        command.Parameters.AddWithValue("$port", silo.Endpoint.Port);
        command.Parameters.AddWithValue("$generation", silo.Generation);
    }

    /// <summary>Every other column's parameter, named like the column with a <c>$</c>.</summary>
    public static void AddValues(SqliteCommand command, MembershipEntry entry, string etag)
    {
        command.Parameters.AddWithValue("$silo_name", (object?)entry.SiloName ?? DBNull.Value);
        command.Parameters.AddWithValue("$host_name", (object?)entry.HostName ?? DBNull.Value);
        command.Parameters.AddWithValue("$status", (int)entry.Status);
        command.Parameters.AddWithValue("$proxy_port", entry.ProxyPort);
        command.Parameters.AddWithValue("$suspect_times", (object?)WriteSuspectTimes(entry.SuspectTimes) ?? DBNull.Value);
        command.Parameters.AddWithValue("$role_name", (object?)entry.RoleName ?? DBNull.Value);
        command.Parameters.AddWithValue("$update_zone", entry.UpdateZone);
        command.Parameters.AddWithValue("$fault_zone", entry.FaultZone);
        command.Parameters.AddWithValue("$start_time", ToTicks(entry.StartTime));
        command.Parameters.AddWithValue("$i_am_alive_time", ToTicks(entry.IAmAliveTime));
        command.Parameters.AddWithValue("$last_update", LastUpdateTicks(entry));
        command.Parameters.AddWithValue("$etag", etag);
    }

    /// <summary>
    /// UTC ticks. Orleans gives UTC times; a local time is converted, and an unspecified one is taken as UTC (it comes
    /// back marked UTC).
    /// </summary>
    public static long ToTicks(DateTime time) => (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).Ticks;

    public static long ToTicks(DateTimeOffset time) => time.UtcTicks;

    public static DateTime FromTicks(long ticks) => new(ticks, DateTimeKind.Utc);

    /// <summary>The latest of the entry's start, I-am-alive and suspect-vote times.</summary>
    private static long LastUpdateTicks(MembershipEntry entry)
    {
        var latest = Math.Max(ToTicks(entry.StartTime), ToTicks(entry.IAmAliveTime));
        foreach (var vote in entry.SuspectTimes ?? [])
        {
            latest = Math.Max(latest, ToTicks(vote.Item2));
        }

        return latest;
    }

    private static string? WriteSuspectTimes(List<Tuple<SiloAddress, DateTime>>? votes)
        => votes is null
            ? null
            : JsonSerializer.Serialize(votes.Select(v => new SuspectVote(v.Item1.ToParsableString(), ToTicks(v.Item2))).ToList());

    private static List<Tuple<SiloAddress, DateTime>> ReadSuspectTimes(string json)
        => (JsonSerializer.Deserialize<List<SuspectVote>>(json) ?? [])
            .Select(v => Tuple.Create(SiloAddress.FromParsableString(v.Silo), FromTicks(v.Ticks)))
            .ToList();

    private sealed record SuspectVote(string Silo, long Ticks);
}
