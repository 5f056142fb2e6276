using System.Globalization;
using System.Text;
using Maildriver.Grains.Mime;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>
/// Mail migration 4 on a store a build before issue 17 left (schema 3, bodies as text), on the provider
/// <see cref="Support.TestStorage"/> names: every delivered letter, protoletter and Master's letter becomes the
/// RFC 5322 message POP3 used to make of it, with its size, and two machines migrate to the same bytes.
/// </summary>
public sealed class MimeBodiesUpgradeTests : IAsyncLifetime
{
    private static readonly MailDomain Domain = new("campus.example.edu");
    private static readonly DateTimeOffset SentAt = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    // More than one page of the migration's reads (256), so paging is exercised.
    private const int Letters = 300;

    private ProviderMailStore _one = null!;
    private ProviderMailStore _two = null!;

    public async Task InitializeAsync()
    {
        _one = await ProviderMailStore.CreateAsync(mailSchema: 3);
        _two = await ProviderMailStore.CreateAsync(mailSchema: 3);
    }

    public async Task DisposeAsync()
    {
        await _one.DisposeAsync();
        await _two.DisposeAsync();
    }

    [Fact]
    public async Task Old_text_bodies_become_their_messages_with_their_sizes()
    {
        await _one.ExecuteAsync(OldRows());

        var applied = await _one.MigrateAsync(domain: Domain);
        await _one.ReopenAsync();

        Assert.Equal([(4, "mime_bodies"), (5, "imap_uids"), (6, "inbox_by_uid"), (7, "integer_keys")], applied.Select(m => (m.Version, m.Name)));
        var inbox = await _one.Store.Inboxes.ListInboxAsync("bob", withBodies: true);
        Assert.Equal(Letters, inbox.Count);

        // Migration 5 numbers the letters already delivered 1..n per user by sent time, then id, the same everywhere,
        // and the next UID follows the highest.
        Assert.Equal(
            Enumerable.Range(1, Letters).Select(n => (long)n),
            inbox.OrderBy(e => e.Header.SentAt).ThenBy(e => e.Header.Id, StringComparer.Ordinal).Select(e => e.Uid));
        Assert.Equal(Letters + 1, (await _one.Store.Inboxes.GetUidNextsAsync(["bob"]))["bob"]);
        foreach (var entry in inbox)
        {
            var n = int.Parse(entry.Header.Id[4..], CultureInfo.InvariantCulture);
            var expected = LetterMessages.PlainText(Domain, "alice", ["bob", "carol"], $"Grüße {n}", TextOf(n), SentAt.AddSeconds(n), $"{entry.Header.Id}@{Domain.Name}");
            Assert.Equal(expected, entry.Message);
            Assert.Equal(expected.Length, entry.Header.Size);
        }

        var first = LetterMessages.Parse(inbox.Single(e => e.Header.Id == "MD1.1").Message!);
        Assert.Equal((TextOf(1), "Grüße 1", SentAt.AddSeconds(1)), (LetterContent.TextOf(first), first.Subject, first.Date));

        var proto = await _one.Store.Letters.FindLetterAsync("MD2.7");
        Assert.Equal(LetterMessages.PlainText(Domain, "bob", ["alice"], "On its way", "Hi!\n", SentAt, $"MD2.7@{Domain.Name}"), proto!.Message);
        Assert.Equal(proto.Message.Length, proto.Header.Size);
        Assert.Equal(ProtoletterState.Valid, Assert.Single(await _one.Store.WorkSpace.FindProtolettersForUserAsync("alice")).Item2);

        var master = Assert.Single(await _one.Store.MasterDirectory.GetAllAsync());
        Assert.Equal(LetterMessages.PlainText(Domain, "carol", ["bob"], "Pending", "With the Master.", SentAt, $"MD3.9@{Domain.Name}"), master.Message);
        Assert.Equal(master.Message.Length, master.Header.Size);
        Assert.Empty(await _one.MigrateAsync(domain: Domain));
    }

    [Fact]
    public async Task Two_machines_with_the_same_mail_migrate_to_the_same_digest()
    {
        await _one.ExecuteAsync(OldRows());
        await _two.ExecuteAsync(OldRows());
        await _one.MigrateAsync(domain: Domain);
        await _two.MigrateAsync(domain: Domain);

        // The digest covers the messages and the UIDs the migrations made (a digest of the old schema cannot be taken
        // by this build: it reads the UID column).
        Assert.Equal(await _one.Store.ComputeDigestAsync("MD1"), await _two.Store.ComputeDigestAsync("MD1"));
    }

    private static string TextOf(int n) => $"Letter {n}, line one.\nÜmlaut line two.\n\n.a line with a dot\n";

    // Rows as a schema-3 build wrote them: bodies are text, sizes the text's UTF-8 length.
    private static string OldRows()
    {
        var sql = new StringBuilder(
            """
            INSERT INTO users (name, password_hash, is_admin) VALUES ('alice', 'h', 1), ('bob', 'h', 0), ('carol', 'h', 0);
            INSERT INTO protoletters (letter_id, state, sender, recipients, subject, sent_at, submission_key, size, body)
                VALUES ('MD2.7', 'valid', 'bob', '["alice"]', 'On its way', '2025-01-02T03:04:05.0000000+00:00', 'bob/s7', 4, 'Hi!
            ');
            INSERT INTO protoletter_recipients (letter_id, user_name) VALUES ('MD2.7', 'alice');

            """);
        for (var n = 1; n <= Letters; n++)
        {
            var text = TextOf(n);
            sql.Append(CultureInfo.InvariantCulture,
                $"""
                INSERT INTO letters (letter_id, sender, recipients, subject, sent_at, submission_key, size, body)
                    VALUES ('MD1.{n}', 'alice', '["bob","carol"]', 'Grüße {n}', '{MailColumns.FormatTime(SentAt.AddSeconds(n))}', 'alice/s{n}', {Encoding.UTF8.GetByteCount(text)}, '{text}');
                INSERT INTO inbox (user_name, letter_id, is_read) VALUES ('bob', 'MD1.{n}', 0);

                """);
        }

        var header = new LetterHeader("MD3.9", "carol", ["bob"], "Pending", SentAt, "carol/s9", 16);
        sql.Append(CultureInfo.InvariantCulture,
            $"""
            INSERT INTO master_letters (letter_id, submission_key, sent_at, header, body)
                VALUES ('MD3.9', 'carol/s9', '{MailColumns.FormatTime(SentAt)}', '{MailColumns.FormatHeader(header)}', 'With the Master.');
            """);
        return sql.ToString();
    }
}
