using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage.Database;
using static Maildriver.Tests.Grains.Storage.MailFactory;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>
/// Mail migration 7 (issue 18: integer keys for users and letters, an inbox of integers) on a store the build before
/// it left (schema 6), on the provider <see cref="Support.TestStorage"/> names: every inbox row keeps its letter, read
/// flag, UID and flags, and the store goes on working with keys for the rows it adds afterwards.
/// </summary>
public sealed class IntegerKeysUpgradeTests : IAsyncLifetime
{
    private ProviderMailStore _mail = null!;

    public async Task InitializeAsync() => _mail = await ProviderMailStore.CreateAsync(mailSchema: 6);

    public async Task DisposeAsync() => await _mail.DisposeAsync();

    [Fact]
    public async Task A_schema_six_store_keeps_every_inbox_row_and_goes_on_with_keys()
    {
        await _mail.ExecuteAsync(SchemaSixRows(_mail.Database.Provider));

        var applied = await _mail.MigrateAsync();
        await _mail.ReopenAsync();

        Assert.Equal([(7, "integer_keys")], applied.Select(m => (m.Version, m.Name)));
        Assert.Equal(
            [("MD1.1", true, 1L, LetterFlags.Flagged), ("MD1.2", false, 3L, LetterFlags.Answered)],
            (await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false)).Select(e => (e.Header.Id, e.Read, e.Uid, e.Flags)));
        Assert.Equal(
            [("MD2.1", true, 1L, true, true), ("MD1.1", false, 2L, false, false)],
            (await _mail.Store.Inboxes.ExamineAsync("alice")).Letters.Select(e => (e.Id, e.Read, e.Uid, e.Flagged, e.Answered)));
        Assert.Equal("Hi bob and alice.\r\n", (await _mail.Store.Inboxes.GetInboxEntryAsync("alice", "MD1.1"))!.Text()![^19..]);
        Assert.True(await _mail.Store.Inboxes.HasUnreadAsync("bob"));
        Assert.False(await _mail.Store.Inboxes.HasUnreadAsync("carol"));

        // Orders on the migrated rows find them by name and id.
        await _mail.Store.Orders.ApplyAsync([MarkRead("MD1.2", "bob"), Delete("MD1.1", "bob"), Delete("MD1.1", "alice")]);
        Assert.False(await _mail.Store.Inboxes.HasUnreadAsync("bob"));
        Assert.Equal(0, await _mail.CountAsync("letters", "letter_id = 'MD1.1'"));

        // A user and a letter added afterwards get keys of their own, and the letter's rows use them.
        await _mail.Store.Orders.ApplyAsync([AddUser(User("dave"))]);
        var later = Letter(["bob", "carol", "dave"]).WithUids(4, 1, 1);
        await _mail.Store.Orders.ApplyAsync([Deliver(later)]);
        await _mail.Store.WorkSpace.DeliverAsync([later.Header.Id]);
        Assert.Equal([("MD1.2", 3L), (later.Header.Id, 4L)], (await _mail.Store.Inboxes.ExamineAsync("bob")).Letters.Select(e => (e.Id, e.Uid)));
        Assert.Equal([later.Header.Id], (await _mail.Store.Inboxes.ListInboxAsync("dave", withBodies: false)).Select(e => e.Header.Id));
        Assert.Equal(4, await _mail.CountAsync("users", "user_key > 0"));
        Assert.Equal(1, await _mail.CountAsync("users", "user_key = (SELECT MAX(user_key) FROM users) AND name = 'dave'"));
        Assert.Equal(1, await _mail.CountAsync("letters", $"letter_key = (SELECT MAX(letter_key) FROM letters) AND letter_id = '{later.Header.Id}'"));

        // Deleting a user takes the letters only they still had, and their rows.
        await _mail.Store.Orders.ApplyAsync([DeleteUser("alice")]);
        Assert.Equal(0, await _mail.CountAsync("letters", "letter_id = 'MD2.1'"));
        Assert.Equal(4, await _mail.CountAsync("inbox"));
        Assert.Empty(await _mail.MigrateAsync());
    }

    // Written against schema 6: names and ids in the inbox, UIDs and flags (1 = \Flagged, 2 = \Answered) beside them.
    private static string SchemaSixRows(string provider)
    {
        string Body(string text) => provider == SiloDatabaseProviders.Postgres ? $"convert_to('{text}', 'UTF8')" : $"CAST('{text}' AS BLOB)";
        const string ToBoth = "Subject: One\r\n\r\nHi bob and alice.\r\n";
        const string ToBob = "Subject: Two\r\n\r\nHi bob.\r\n";
        const string ToAlice = "Subject: Three\r\n\r\nHi alice.\r\n";
        return $"""
            INSERT INTO users (name, password_hash, is_admin, uid_validity, uid_next)
                VALUES ('alice', 'h', 1, 100, 3), ('bob', 'h', 0, 200, 4), ('carol', 'h', 0, 300, 1);
            INSERT INTO letters (letter_id, sender, recipients, subject, sent_at, submission_key, size, body) VALUES
                ('MD1.1', 'carol', '["bob","alice"]', 'One', '2025-01-02T03:04:05.0000000+00:00', 'carol/s1', {ToBoth.Length}, {Body(ToBoth)}),
                ('MD1.2', 'carol', '["bob"]', 'Two', '2025-01-02T03:04:06.0000000+00:00', 'carol/s2', {ToBob.Length}, {Body(ToBob)}),
                ('MD2.1', 'bob', '["alice"]', 'Three', '2025-01-02T03:04:04.0000000+00:00', 'bob/s1', {ToAlice.Length}, {Body(ToAlice)});
            INSERT INTO inbox (user_name, letter_id, is_read, uid, flags) VALUES
                ('bob', 'MD1.1', 1, 1, 1), ('bob', 'MD1.2', 0, 3, 2), ('alice', 'MD2.1', 1, 1, 3), ('alice', 'MD1.1', 0, 2, 0);
            """;
    }
}
