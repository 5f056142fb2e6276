using Maildriver.Grains.Storage;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>
/// The integer-keyed inbox (mail migration 7, issue 18) read the way its statements mean to read it, on SQLite: by
/// index, never a scan of a table or a sort, and the letters' ids from <c>letters_by_key</c> alone.
/// </summary>
public sealed class InboxKeyPlanTests : IAsyncLifetime
{
    private SqliteMailStore _mail = null!;

    public async Task InitializeAsync() => _mail = await SqliteMailStore.CreateAsync();

    public async Task DisposeAsync() => await _mail.DisposeAsync();

    public static TheoryData<string, string, string> Reads => new()
    {
        // IMAP's SELECT: one range of the primary key in UID order, each id from the covering index.
        { nameof(MailSql.ExamineInbox), MailSql.ExamineInbox, "COVERING INDEX letters_by_key" },
        { nameof(MailSql.CountMailbox), MailSql.CountMailbox, "COVERING INDEX inbox_unread" },
        { nameof(MailSql.CountInboxBelowUid), MailSql.CountInboxBelowUid, "PRIMARY KEY (user_key=? AND uid<?)" },
        { nameof(MailSql.HasUnread), MailSql.HasUnread, "COVERING INDEX inbox_unread" },
        { nameof(MailSql.MarkRead), MailSql.MarkRead, "COVERING INDEX inbox_by_letter (letter_key=? AND user_key=?)" },
        { nameof(MailSql.SetFlags), MailSql.SetFlags, "COVERING INDEX inbox_by_letter (letter_key=? AND user_key=?)" },
        { nameof(MailSql.DeleteInboxRow), MailSql.DeleteInboxRow, "COVERING INDEX inbox_by_letter (letter_key=? AND user_key=?)" },
        { nameof(MailSql.ReclaimLetter), MailSql.ReclaimLetter, "COVERING INDEX inbox_by_letter (letter_key=?)" },
        { nameof(MailSql.ListInbox), MailSql.ListInbox, "PRIMARY KEY (user_key=?)" },
        { nameof(MailSql.GetInboxEntry), MailSql.GetInboxEntry, "inbox_by_letter (letter_key=? AND user_key=?)" },
        { nameof(MailSql.InsertInboxRows), MailSql.InsertInboxRows, "u USING INDEX sqlite_autoindex_users_1 (name=?)" },

        // The next UID: the end of the user's range of the primary key; uid_next written only for deleted letters.
        { nameof(MailSql.GetUidNexts), MailSql.GetUidNexts.For(1), "x USING PRIMARY KEY (user_key=?)" },
        { nameof(MailSql.KeepDeletedUid), MailSql.KeepDeletedUid, "COVERING INDEX inbox_by_letter (letter_key=? AND user_key=?)" },
        { nameof(MailSql.AdvanceUidNextPastDeleted), MailSql.AdvanceUidNextPastDeleted, "t USING PRIMARY KEY (letter_id=?)" },

        // A new key is the largest so far plus one: the last entry of the key's index, not a scan.
        { nameof(MailSql.CopyProtoletterToLetters), MailSql.CopyProtoletterToLetters, "COVERING INDEX letters_by_key" },
        { nameof(MailSql.UpsertUser), MailSql.UpsertUser, "COVERING INDEX users_by_key" },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Keyed_statements_read_by_index(string name, string sql, string expected)
    {
        var plan = await _mail.QueryPlanAsync(
            sql, ("@user", "bob"), ("@id", "MD1.1"), ("@uid", 5L), ("@on", 1L), ("@flags", 1L),
            ("@name", "bob"), ("@passwordHash", "h"), ("@isAdmin", 0L), ("@uidValidity", 1L), ("@k0", "bob"));

        Assert.True(plan.Any(step => step.Contains(expected, StringComparison.Ordinal)), $"{name}: no step uses {expected}:\n{string.Join('\n', plan)}");

        // "SCAN CONSTANT ROW" is an outer SELECT of scalar subqueries; any other SCAN reads a whole table or index, and a
        // TEMP B-TREE sorts. ListInbox sorts by sent time on purpose (the order POP3 and the CLI show).
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal) && step != "SCAN CONSTANT ROW");
        if (name != nameof(MailSql.ListInbox))
        {
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
    }
}
