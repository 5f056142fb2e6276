using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Grains.Storage;

/// <summary>
/// A user's inbox opened for IMAP's SELECT: counted first, its letters read afterwards in the same read transaction
/// (a snapshot: SQLite's WAL read, PostgreSQL's REPEATABLE READ), so the letters are exactly those counted whatever
/// was delivered or deleted in between. It holds a connection until <see cref="ReadLettersAsync"/> or
/// <see cref="DisposeAsync"/>.
/// </summary>
public sealed class MailboxRead : IAsyncDisposable
{
    private readonly MailBatch _batch;
    private readonly string _user;
    private bool _disposed;

    private MailboxRead(MailBatch batch, string user, long uidValidity, long uidNext, int exists, int? firstUnseen)
        => (_batch, _user, UidValidity, UidNext, Exists, FirstUnseen) = (batch, user, uidValidity, uidNext, exists, firstUnseen);

    /// <summary>The inbox's UIDVALIDITY (0 for a user unknown here).</summary>
    public long UidValidity { get; }

    /// <summary>One more than the highest UID ever delivered to the user here, never below one more than the highest counted.</summary>
    public long UidNext { get; }

    /// <summary>The letters counted.</summary>
    public int Exists { get; }

    /// <summary>The sequence number of the first unread letter in UID order, or null when every letter is read.</summary>
    public int? FirstUnseen { get; }

    /// <summary>Opens the snapshot and counts <paramref name="user"/>'s inbox in it.</summary>
    public static async Task<MailboxRead> OpenAsync(ISiloDatabase database, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var batch = await MailBatch.SnapshotAsync(database, cancellationToken);
        try
        {
            long validity, recorded, highest;
            int exists;
            long? lowestUnseen;
            await using (var reader = await batch.ReaderAsync(MailSql.CountMailbox, ("@user", user)))
            {
                await reader.ReadAsync(cancellationToken);
                validity = reader.IsDBNull(0) ? 0 : MailColumns.ToInt64(reader.GetValue(0));
                recorded = reader.IsDBNull(1) ? 1 : MailColumns.ToInt64(reader.GetValue(1));
                exists = checked((int)MailColumns.ToInt64(reader.GetValue(2)));
                highest = reader.IsDBNull(3) ? 0 : MailColumns.ToInt64(reader.GetValue(3));
                lowestUnseen = reader.IsDBNull(4) ? null : MailColumns.ToInt64(reader.GetValue(4));
            }

            int? firstUnseen = lowestUnseen is { } uid
                ? 1 + checked((int)MailColumns.ToInt64(await batch.ScalarAsync(MailSql.CountInboxBelowUid, ("@user", user), ("@uid", uid))))
                : null;
            return new MailboxRead(batch, user, validity, Math.Max(recorded, highest + 1), exists, firstUnseen);
        }
        catch
        {
            await batch.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The letters counted, ascending by UID (the snapshot's, so <see cref="Exists"/> of them: the IMAP session checks
    /// it, where the client's sequence numbers are at stake), and the connection given back.
    /// </summary>
    public async Task<IReadOnlyList<MailboxEntry>> ReadLettersAsync(CancellationToken cancellationToken = default)
    {
        await using (this)
        {
            return await Inboxes.ReadMailboxEntriesAsync(_batch, _user, cancellationToken);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }

        _disposed = true;
        return _batch.DisposeAsync();
    }
}
