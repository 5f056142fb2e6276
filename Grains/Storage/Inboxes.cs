using Maildriver.Grains.Mime;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage.Database;
using System.Data.Common;

namespace Maildriver.Grains.Storage;

/// <summary>The users' inboxes (section 5's InBox directories): one row per user and letter, with its read flag.</summary>
/// <param name="database">The machine's database, with the mail migrations applied.</param>
public sealed class Inboxes(ISiloDatabase database)
{
    /// <summary>
    /// How much of each body <see cref="GetSummariesAsync"/> reads: more than the header section of nearly every
    /// message (a few KiB with trace and DKIM fields), little beside a body with attachments.
    /// </summary>
    public const int SummaryPrefixBytes = 16 * 1024;

    /// <summary>The letters in <paramref name="user"/>'s inbox, oldest first (by sent time, then id).</summary>
    /// <param name="user">The user.</param>
    /// <param name="withBodies">Whether to read the bodies too; without, <see cref="InboxEntry.Message"/> is null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<InboxEntry>> ListInboxAsync(string user, bool withBodies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        await using var reader = await batch.ReaderAsync(withBodies ? MailSql.ListInboxWithBodies : MailSql.ListInbox, ("@user", user));
        var entries = new List<InboxEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadInboxEntry(reader, withBodies));
        }

        await reader.DisposeAsync();
        var validity = await UidValidityAsync(batch, user);
        return entries.Select(e => e with { UidValidity = validity }).ToList();
    }

    /// <summary>
    /// <paramref name="user"/>'s inbox as IMAP's NOOP and STATUS read it, in one read transaction: UIDVALIDITY, the next UID
    /// and an entry per letter, ascending by UID. The next UID is read before the list, so a letter delivered between
    /// the two is in the list and the snapshot's next UID is raised above it (RFC 3501 section 2.3.1.1: UIDNEXT never
    /// names a UID the client already saw). A user unknown here has an empty snapshot with UIDVALIDITY 0.
    /// </summary>
    public async Task<MailboxSnapshot> ExamineAsync(string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        var (validity, recorded) = (0L, 1L);
        await using (var reader = await batch.ReaderAsync(MailSql.GetUidState, ("@user", user)))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (validity, recorded) = (MailColumns.ToInt64(reader.GetValue(0)), MailColumns.ToInt64(reader.GetValue(1)));
            }
        }

        var letters = await ReadMailboxEntriesAsync(batch, user, cancellationToken);
        var next = Math.Max(recorded, letters.Count == 0 ? 1 : letters[^1].Uid + 1);
        return new MailboxSnapshot(validity, next, letters);
    }

    /// <summary>
    /// Opens <paramref name="user"/>'s inbox for IMAP's SELECT: counted now, its letters read by
    /// <see cref="MailboxRead.ReadLettersAsync"/> in the same snapshot. The caller owns the result.
    /// </summary>
    public Task<MailboxRead> OpenMailboxAsync(string user, CancellationToken cancellationToken = default)
        => MailboxRead.OpenAsync(database, user, cancellationToken);

    /// <summary><paramref name="user"/>'s inbox rows in UID order, read through <paramref name="batch"/>.</summary>
    internal static async Task<List<MailboxEntry>> ReadMailboxEntriesAsync(MailBatch batch, string user, CancellationToken cancellationToken)
    {
        var letters = new List<MailboxEntry>();
        await using var reader = await batch.ReaderAsync(MailSql.ExamineInbox, ("@user", user));
        while (await reader.ReadAsync(cancellationToken))
        {
            var flags = (LetterFlags)MailColumns.ToInt64(reader.GetValue(3));
            letters.Add(new MailboxEntry(
                reader.GetString(0), MailColumns.ToInt64(reader.GetValue(1)), MailColumns.ParseFlag(reader.GetValue(2)),
                flags.HasFlag(LetterFlags.Flagged), flags.HasFlag(LetterFlags.Answered)));
        }

        return letters;
    }

    /// <summary>A user with at least one letter here (which one is unspecified); null when every inbox is empty.</summary>
    public async Task<string?> AnyRecipientAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        return await batch.ScalarAsync(MailSql.AnyRecipient) as string;
    }

    /// <summary>Whether <paramref name="user"/> has an unread letter: one probe of an index of unread rows, cheap enough to poll.</summary>
    public async Task<bool> HasUnreadAsync(string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        return MailColumns.ParseFlag(await batch.ScalarAsync(MailSql.HasUnread, ("@user", user)));
    }

    /// <summary>One letter of <paramref name="user"/>'s inbox, with its body; null if it is not in that inbox.</summary>
    public async Task<InboxEntry?> GetInboxEntryAsync(string user, string letterId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(letterId);
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        InboxEntry? entry;
        await using (var reader = await batch.ReaderAsync(MailSql.GetInboxEntry, ("@user", user), ("@id", letterId)))
        {
            entry = await reader.ReadAsync(cancellationToken) ? ReadInboxEntry(reader, withBody: true) : null;
        }

        return entry is null ? null : entry with { UidValidity = await UidValidityAsync(batch, user) };
    }

    /// <summary>Those of <paramref name="letterIds"/> that are in <paramref name="user"/>'s inbox.</summary>
    public async Task<IReadOnlySet<string>> FilterInInboxAsync(string user, IEnumerable<string> letterIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(letterIds);
        var present = new HashSet<string>(StringComparer.Ordinal);
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        foreach (var chunk in KeyChunks.Of(letterIds, ("@user", user)))
        {
            await using var reader = await batch.ReaderAsync(MailSql.FilterInInbox, chunk);
            while (await reader.ReadAsync(cancellationToken))
            {
                present.Add(reader.GetString(0));
            }
        }

        return present;
    }

    /// <summary>
    /// The size and header section of those of <paramref name="letterIds"/> in <paramref name="user"/>'s inbox, in
    /// one read transaction: a statement per <see cref="KeyChunks.Size"/> ids, each reading only the first
    /// <see cref="SummaryPrefixBytes"/> octets of the bodies; a letter whose header section is longer is read whole.
    /// </summary>
    public async Task<IReadOnlyList<LetterSummary>> GetSummariesAsync(string user, IEnumerable<string> letterIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(letterIds);
        var summaries = new List<LetterSummary>();
        var longer = new List<string>();
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        foreach (var chunk in KeyChunks.Of(letterIds, ("@user", user)))
        {
            await using var reader = await batch.ReaderAsync(MailSql.InboxSummaries, chunk);
            while (await reader.ReadAsync(cancellationToken))
            {
                var (id, size, prefix) = (reader.GetString(0), MailColumns.ToInt64(reader.GetValue(1)), MailColumns.ReadMessage(reader, 2));
                if (MessageHeader.IsWhole(prefix, size))
                {
                    summaries.Add(new LetterSummary(id, size, prefix[..MessageHeader.Length(prefix)], MailColumns.ParseTime(reader.GetString(3))));
                }
                else
                {
                    longer.Add(id);
                }
            }
        }

        foreach (var id in longer)
        {
            await using var reader = await batch.ReaderAsync(MailSql.GetInboxEntry, ("@user", user), ("@id", id));
            if (await reader.ReadAsync(cancellationToken))
            {
                var message = MailColumns.ReadMessage(reader, 10);
                summaries.Add(new LetterSummary(id, message.Length, message[..MessageHeader.Length(message)], MailColumns.ReadHeader(reader).SentAt));
            }
        }

        return summaries;
    }

    /// <summary>
    /// The next UID of each of <paramref name="users"/> on this machine: one more than the highest ever delivered to
    /// them here, deleted letters included. Users unknown here are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> GetUidNextsAsync(IEnumerable<string> users, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(users);
        var next = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        foreach (var chunk in KeyChunks.Of(users))
        {
            await using var reader = await batch.ReaderAsync(MailSql.GetUidNexts, chunk);
            while (await reader.ReadAsync(cancellationToken))
            {
                next[reader.GetString(0)] = MailColumns.ToInt64(reader.GetValue(1));
            }
        }

        return next;
    }

    private static async Task<long> UidValidityAsync(MailBatch batch, string user)
        => await batch.ScalarAsync(MailSql.GetUidValidity, ("@user", user)) is { } value and not DBNull ? MailColumns.ToInt64(value) : 0;

    // Columns: the letter header, the read flag, the UID, the flags, then the body when there is one.
    private static InboxEntry ReadInboxEntry(DbDataReader reader, bool withBody)
        => new(
            MailColumns.ReadHeader(reader), MailColumns.ParseFlag(reader.GetValue(7)), withBody ? MailColumns.ReadMessage(reader, 10) : null,
            MailColumns.ToInt64(reader.GetValue(8)), (LetterFlags)MailColumns.ToInt64(reader.GetValue(9)));
}
