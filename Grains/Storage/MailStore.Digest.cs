using System.Data.Common;
using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Storage;

/// <summary>The replica's fingerprint.</summary>
public sealed partial class MailStore
{
    /// <summary>
    /// A fingerprint of this replica's mail, read from one snapshot: SHA-256 over the letters (id, sender,
    /// recipients, subject, sent time, size, SHA-256 of the body), the inbox rows (user, letter, read flag), the
    /// users (name, admin flag, password hash) and the lists (name, members sorted), each in key order. Two
    /// machines with the same mail give the same digest, whichever engine they use; any difference changes it.
    /// The WorkSpace, tombstones and rank records are not mail and are left out.
    /// </summary>
    /// <param name="machine">The machine's name, copied into the result.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<ReplicaDigest> ComputeDigestAsync(string machine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        using var digest = new DigestBuilder();
        await using var batch = await MailBatch.SnapshotAsync(_database, cancellationToken);

        var letters = await AddSectionAsync(batch, digest, "letters", MailSql.DigestLetters, reader =>
        {
            digest.Add(reader.GetString(0));
            digest.Add(reader.GetString(1));
            digest.Add(MailColumns.ParseNames(reader.GetString(2)));
            digest.Add(reader.GetString(3));

            // The instant, not the stored text, so a different spelling of the same time cannot tell replicas apart.
            digest.Add(MailColumns.ParseTime(reader.GetString(4)).UtcTicks);
            digest.Add(MailColumns.ToInt64(reader.GetValue(5)));
            digest.AddHashOf(MailColumns.ReadMessage(reader, 6));
        }, cancellationToken);

        var inboxEntries = await AddSectionAsync(batch, digest, "inbox", MailSql.DigestInbox, reader =>
        {
            digest.Add(reader.GetString(0));
            digest.Add(reader.GetString(1));
            digest.Add(MailColumns.ToInt64(reader.GetValue(2)));
            digest.Add(MailColumns.ToInt64(reader.GetValue(3)));
            digest.Add(MailColumns.ToInt64(reader.GetValue(4)));
        }, cancellationToken);

        // The UIDs above and each inbox's UIDVALIDITY: an IMAP client that moves to another machine keeps its cache.
        await AddSectionAsync(batch, digest, "uidvalidity", MailSql.DigestUidValidities, reader =>
        {
            digest.Add(reader.GetString(0));
            digest.Add(MailColumns.ToInt64(reader.GetValue(1)));
        }, cancellationToken);

        await AddSectionAsync(batch, digest, "users", MailSql.DigestUsers, reader =>
        {
            digest.Add(reader.GetString(0));
            digest.Add(MailColumns.ToInt64(reader.GetValue(1)));
            digest.Add(reader.GetString(2));
        }, cancellationToken);

        await AddSectionAsync(batch, digest, "lists", MailSql.DigestLists, reader =>
        {
            digest.Add(reader.GetString(0));
            digest.Add(MailColumns.ParseNames(reader.GetString(1)).Order(StringComparer.Ordinal).ToList());
        }, cancellationToken);

        return new ReplicaDigest(machine, letters, inboxEntries, digest.Finish());
    }

    // Rows come in the order the query sorts them by key: byte order on both engines (see the migration scripts).
    private static async Task<long> AddSectionAsync(
        MailBatch batch, DigestBuilder digest, string name, string sql, Action<DbDataReader> addRecord, CancellationToken cancellationToken)
    {
        digest.BeginSection(name);
        long count = 0;
        await using (var reader = await batch.ReaderAsync(sql))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                digest.BeginRecord();
                addRecord(reader);
                count++;
            }
        }

        digest.EndSection();
        return count;
    }
}
