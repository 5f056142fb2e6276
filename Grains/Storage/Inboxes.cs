using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage.Database;
using System.Data.Common;

namespace Maildriver.Grains.Storage;

/// <summary>The users' inboxes (section 5's InBox directories): one row per user and letter, with its read flag.</summary>
/// <param name="database">The machine's database, with the mail migrations applied.</param>
public sealed class Inboxes(ISiloDatabase database)
{
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

        return entries;
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
        await using var reader = await batch.ReaderAsync(MailSql.GetInboxEntry, ("@user", user), ("@id", letterId));
        return await reader.ReadAsync(cancellationToken) ? ReadInboxEntry(reader, withBody: true) : null;
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

    // Columns: the letter header, the read flag, then the body when there is one.
    private static InboxEntry ReadInboxEntry(DbDataReader reader, bool withBody)
        => new(MailColumns.ReadHeader(reader), MailColumns.ParseFlag(reader.GetValue(7)), withBody ? MailColumns.ReadMessage(reader, 8) : null);
}
