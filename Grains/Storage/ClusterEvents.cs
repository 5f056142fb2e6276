using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Grains.Storage;

/// <summary>The cluster's recent events as this machine heard of them, kept in <c>cluster_events</c> (mail migration 3).</summary>
/// <param name="database">The machine's database, with the mail migrations applied.</param>
public sealed class ClusterEvents(ISiloDatabase database)
{
    // Two statements rather than a NULL parameter: the store binds only strings and integers.
    private const string InsertEvent =
        "INSERT INTO cluster_events (id, time_us, kind, subject, epoch, text, count, recorded_by) "
        + "VALUES (@id, @time, @kind, @subject, @epoch, @text, @count, @by) ON CONFLICT (id) DO NOTHING";

    private const string InsertEventWithoutCount =
        "INSERT INTO cluster_events (id, time_us, kind, subject, epoch, text, recorded_by) "
        + "VALUES (@id, @time, @kind, @subject, @epoch, @text, @by) ON CONFLICT (id) DO NOTHING";

    // Everything older than the newest @keep goes: the table stays small however long the machine runs.
    private const string TrimEvents =
        "DELETE FROM cluster_events WHERE time_us < (SELECT MIN(time_us) FROM (SELECT time_us FROM cluster_events ORDER BY time_us DESC LIMIT @keep) newest)";

    private const string SelectEvents =
        "SELECT id, time_us, kind, subject, epoch, text, count, recorded_by FROM cluster_events ORDER BY time_us DESC LIMIT @limit";

    /// <summary>Keeps <paramref name="clusterEvent"/> (a second copy of the same id changes nothing) and the newest <paramref name="keep"/> events.</summary>
    public async Task SaveAsync(ClusterEvent clusterEvent, int keep, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clusterEvent);
        await using var batch = await MailBatch.WriteAsync(database, cancellationToken);
        List<(string, object)> parameters =
        [
            ("@id", clusterEvent.Id),
            ("@time", clusterEvent.Time.ToUnixTimeMilliseconds() * 1000 + (clusterEvent.Time.Ticks / 10 % 1000)),
            ("@kind", clusterEvent.Kind.ToString()),
            ("@subject", clusterEvent.Subject),
            ("@epoch", clusterEvent.Epoch),
            ("@text", clusterEvent.Text),
            ("@by", clusterEvent.RecordedBy),
        ];
        if (clusterEvent.Count is { } count)
        {
            parameters.Add(("@count", count));
        }

        await batch.ExecuteAsync(clusterEvent.Count is null ? InsertEventWithoutCount : InsertEvent, [.. parameters]);
        await batch.ExecuteAsync(TrimEvents, ("@keep", keep));
        await batch.CommitAsync();
    }

    /// <summary>The newest <paramref name="limit"/> events kept, newest first.</summary>
    public async Task<IReadOnlyList<ClusterEvent>> GetNewestAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        await using var reader = await batch.ReaderAsync(SelectEvents, ("@limit", limit));
        var events = new List<ClusterEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            // An event of a kind this version does not know (written by a newer one) is skipped, not fatal.
            if (!Enum.TryParse<ClusterEventKind>(reader.GetString(2), out var kind))
            {
                continue;
            }

            var micros = MailColumns.ToInt64(reader.GetValue(1));
            events.Add(new ClusterEvent(
                reader.GetString(0),
                DateTimeOffset.FromUnixTimeMilliseconds(micros / 1000).AddTicks(micros % 1000 * 10),
                kind,
                reader.GetString(3),
                MailColumns.ToInt64(reader.GetValue(4)),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : MailColumns.ToInt64(reader.GetValue(6)),
                reader.GetString(7)));
        }

        return events;
    }
}
