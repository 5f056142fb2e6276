using Maildriver.Grains.Mime;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;
using Maildriver.Grains.Storage.Database.Migrations;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>
/// A store made by a build that knew only mail schema version 1, upgraded by this one, on the provider
/// <see cref="Support.TestStorage"/> names: its mail is intact and what the new migrations add works.
/// </summary>
public sealed class MailSchemaUpgradeTests : IAsyncLifetime
{
    // Written against 0001_mail.sql alone, as a version-1 build would have left them.
    private const string VersionOneRows =
        """
        INSERT INTO users (name, password_hash, is_admin) VALUES ('alice', 'pbkdf2$alice', 1), ('bob', 'pbkdf2$bob', 0);
        INSERT INTO lists (name, members) VALUES ('staff', '["alice","bob"]');
        INSERT INTO letters (letter_id, sender, recipients, subject, sent_at, submission_key, size, body)
            VALUES ('MD1.1', 'alice', '["bob"]', 'Old news', '2025-01-02T03:04:05.0000000+00:00', 'alice/s1', 9, 'From v1.');
        INSERT INTO inbox (user_name, letter_id, is_read) VALUES ('bob', 'MD1.1', 1);
        INSERT INTO tombstones (letter_id, user_name) VALUES ('MD1.0', 'bob');
        INSERT INTO protoletters (letter_id, state, sender, recipients, subject, sent_at, submission_key, size, body)
            VALUES ('MD2.7', 'valid', 'bob', '["alice"]', 'On its way', '2025-01-02T03:04:06.0000000+00:00', 'bob/s7', 3, 'Hi!');
        INSERT INTO protoletter_recipients (letter_id, user_name) VALUES ('MD2.7', 'alice');
        INSERT INTO cluster_view (id, epoch, master, lieutenant) VALUES (1, 4, 'MD2', 'MD3');
        """;

    private ProviderMailStore _mail = null!;

    public async Task InitializeAsync() => _mail = await ProviderMailStore.CreateAsync(mailSchema: 1);

    public async Task DisposeAsync() => await _mail.DisposeAsync();

    [Fact]
    public async Task A_version_one_store_keeps_its_mail_through_the_upgrade_and_gains_the_rebuild_flag_the_event_table_and_mime_bodies()
    {
        Assert.Equal(1, await _mail.CountAsync(MigrationRunner.HistoryTable, $"component = '{MailMigrations.Component}'"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => _mail.Store.Flags.GetRebuildPendingAsync());
        await _mail.ExecuteAsync(VersionOneRows);

        var applied = await _mail.MigrateAsync();
        await _mail.ReopenAsync();

        Assert.Equal([(2, "store_flags"), (3, "cluster_events"), (4, "mime_bodies"), (5, "imap_uids"), (6, "inbox_by_uid"), (7, "integer_keys")], applied.Select(m => (m.Version, m.Name)));
        Assert.Equal(new MailUser("alice", "pbkdf2$alice", true), await _mail.Store.Users.GetUserAsync("alice"));
        Assert.Equal(["alice", "bob"], (await _mail.Store.Users.GetListAsync("staff"))!.Members);
        var letter = Assert.Single(await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: true));
        Assert.Equal(("MD1.1", "Old news", true), (letter.Header.Id, letter.Header.Subject, letter.Read));

        // Its text is now the RFC 5322 message POP3 used to make of it (mail migration 4; MimeBodiesUpgradeTests).
        var message = LetterMessages.Parse(letter.Message!);
        Assert.Equal(("From v1.", "alice@maildriver.local", "MD1.1@maildriver.local"), (LetterContent.TextOf(message), message.From.Mailboxes.Single().Address, message.MessageId));
        Assert.Equal(letter.Message!.Length, letter.Header.Size);
        Assert.Equal([(string)"MD1.0"], await _mail.Store.Letters.FilterDeletedAsync("bob", ["MD1.0", "MD1.1"]));
        Assert.Equal([("MD2.7", ProtoletterState.Valid)], await _mail.Store.WorkSpace.FindProtolettersForUserAsync("alice"));
        Assert.Equal(new ClusterView(4, "MD2", "MD3"), await _mail.Store.GetClusterViewAsync());

        Assert.False(await _mail.Store.Flags.GetRebuildPendingAsync());
        await _mail.Store.Flags.SetRebuildPendingAsync(true);
        Assert.True(await _mail.Store.Flags.GetRebuildPendingAsync());

        // The cluster's events are kept (mail migration 3), read back as written, newest first, a repeat ignored.
        Assert.Empty(await _mail.Store.ClusterEvents.GetNewestAsync(10));
        var died = new ClusterEvent("e1", new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero).AddTicks(1230), ClusterEventKind.MachineDied, "MD3", 4, "MD3 has no pulse", null, "Master MD2");
        var back = new ClusterEvent("e2", died.Time.AddSeconds(5), ClusterEventKind.CatchUpStarted, "MD3", 4, "MD3 is back", 7, "Master MD2");
        await _mail.Store.ClusterEvents.SaveAsync(died, keep: 10);
        await _mail.Store.ClusterEvents.SaveAsync(back, keep: 10);
        await _mail.Store.ClusterEvents.SaveAsync(died, keep: 10);
        Assert.Equal([back, died], await _mail.Store.ClusterEvents.GetNewestAsync(10));
        await _mail.Store.ClusterEvents.SaveAsync(died with { Id = "e0", Time = died.Time.AddSeconds(-5) }, keep: 2);
        Assert.Equal([back, died], await _mail.Store.ClusterEvents.GetNewestAsync(10));

        // And the upgraded store snapshots like any other.
        var file = new MemoryStream();
        var info = await _mail.Store.ExportSnapshotAsync(file, "MD1");
        Assert.Equal((2L, 1L, 1L, 1L, 1L, 1L), (info.Users, info.Lists, info.Letters, info.InboxEntries, info.Tombstones, info.Protoletters));
        Assert.Empty(await _mail.MigrateAsync());
    }
}
