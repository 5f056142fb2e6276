using System.Text;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;
using static Maildriver.Tests.Grains.Storage.MailFactory;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>
/// One machine's side of what IMAP asks beyond UIDs (issue 17), on the provider the tests run on: \Seen set and
/// cleared by SetFlags orders, before and after delivery, and the sizes and header sections FETCH ENVELOPE reads in bulk.
/// </summary>
public sealed class ImapStoreTests : IAsyncLifetime
{
    private ProviderMailStore _mail = null!;

    public async Task InitializeAsync()
    {
        _mail = await ProviderMailStore.CreateAsync();
        await _mail.Store.Orders.ApplyAsync([AddUser(User("bob")), AddUser(User("carol"))]);
    }

    public async Task DisposeAsync() => await _mail.DisposeAsync();

    [Fact]
    public async Task SeenOrdersSetAndClearTheReadFlagAndAClearBeforeDeliveryUndoesAnEarlyRead()
    {
        var delivered = Letter(["bob"]).WithUids(1);
        var waiting = Letter(["bob"]).WithUids(2);
        await _mail.Store.Orders.ApplyAsync([Deliver(delivered), Deliver(waiting)]);
        await _mail.Store.WorkSpace.DeliverAsync([delivered.Header.Id]);

        await _mail.Store.Orders.ApplyAsync(
        [
            Flags(delivered, LetterFlags.Seen | LetterFlags.Flagged, on: true, "s1"),
            Flags(delivered, LetterFlags.Seen, on: false, "s2"),
            MarkRead(waiting.Header.Id, "bob"),
            Flags(waiting, LetterFlags.Seen, on: false, "s3"),
        ]);
        Assert.Equal(0, await _mail.CountAsync("early_reads"));
        await _mail.Store.WorkSpace.DeliverAsync([waiting.Header.Id]);

        var inbox = (await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false)).OrderBy(e => e.Uid).ToList();
        Assert.Equal([(false, LetterFlags.Flagged), (false, LetterFlags.None)], inbox.Select(e => (e.Read, e.Flags)));

        // Read again after the clear, and the repeat of an order changes nothing more.
        IReadOnlyList<Order> again = [Flags(delivered, LetterFlags.Seen, on: true, "s4"), Flags(delivered, LetterFlags.Seen, on: true, "s4")];
        await _mail.Store.Orders.ApplyAsync(again);
        inbox = (await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false)).OrderBy(e => e.Uid).ToList();
        Assert.Equal([(true, LetterFlags.Flagged), (false, LetterFlags.None)], inbox.Select(e => (e.Read, e.Flags)));
    }

    [Fact]
    public async Task SummariesGiveEachLettersSizeAndHeaderSectionOnlyFromTheUsersOwnInbox()
    {
        var plain = Letter(["bob"], "Subject: short\r\nFrom: alice@x\r\n\r\nbody text").WithUids(1);
        var longHeader = "X-Trace: " + new string('t', Inboxes.SummaryPrefixBytes) + "\r\nSubject: long\r\n";
        var longer = Letter(["bob"], longHeader + "\r\nbody").WithUids(2);
        var headerless = Letter(["bob"], "no header at all").WithUids(3);
        var carols = Letter(["carol"], "Subject: hers\r\n\r\nx").WithUids(1);
        await _mail.Store.Orders.ApplyAsync([Deliver(plain), Deliver(longer), Deliver(headerless), Deliver(carols)]);
        await _mail.Store.WorkSpace.DeliverAsync([plain.Header.Id, longer.Header.Id, headerless.Header.Id, carols.Header.Id]);

        var summaries = (await _mail.Store.Inboxes.GetSummariesAsync("bob", [plain.Header.Id, longer.Header.Id, headerless.Header.Id, carols.Header.Id, "MD9.1"]))
            .ToDictionary(s => s.Id);

        Assert.Equal([plain.Header.Id, longer.Header.Id, headerless.Header.Id], summaries.Keys.Order());
        Assert.Equal("Subject: short\r\nFrom: alice@x\r\n\r\n", Encoding.UTF8.GetString(summaries[plain.Header.Id].Header));
        Assert.Equal(plain.Message.Length, summaries[plain.Header.Id].Size);
        Assert.Equal(longHeader + "\r\n", Encoding.UTF8.GetString(summaries[longer.Header.Id].Header));
        Assert.Equal(longer.Message.Length, summaries[longer.Header.Id].Size);
        Assert.Equal("no header at all", Encoding.UTF8.GetString(summaries[headerless.Header.Id].Header));
        Assert.All([plain, longer, headerless], l => Assert.Equal(l.Header.SentAt, summaries[l.Header.Id].SentAt));
    }

    [Fact]
    public async Task Examine_gives_the_inbox_rows_by_uid_with_their_flags_and_a_next_uid_above_them()
    {
        // Sent in the opposite order of their UIDs: the snapshot is in UID order whatever the times say.
        var later = Letter(["bob"], sentAt: DateTimeOffset.UnixEpoch.AddDays(2)).WithUids(1);
        var earlier = Letter(["bob"], sentAt: DateTimeOffset.UnixEpoch.AddDays(1)).WithUids(2);
        var carols = Letter(["carol"]).WithUids(1);
        await _mail.Store.Orders.ApplyAsync([Deliver(later), Deliver(earlier), Deliver(carols)]);
        await _mail.Store.WorkSpace.DeliverAsync([later.Header.Id, earlier.Header.Id, carols.Header.Id]);
        await _mail.Store.Orders.ApplyAsync([Flags(earlier, LetterFlags.Seen | LetterFlags.Answered, on: true, "f1")]);

        var snapshot = await _mail.Store.Inboxes.ExamineAsync("bob");

        Assert.Equal((await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false))[0].UidValidity, snapshot.UidValidity);
        Assert.NotEqual(0, snapshot.UidValidity);
        Assert.Equal(3, snapshot.UidNext);
        Assert.Equal(
            [new MailboxEntry(later.Header.Id, 1, false, false, false), new MailboxEntry(earlier.Header.Id, 2, true, false, true)],
            snapshot.Letters);

        var unknown = await _mail.Store.Inboxes.ExamineAsync("nobody");
        Assert.Equal((0L, 1L), (unknown.UidValidity, unknown.UidNext));
        Assert.Empty(unknown.Letters);
    }

    [Fact]
    public async Task An_opened_mailbox_is_counted_first_and_its_letters_are_those_counted_whatever_changes_in_between()
    {
        var first = Letter(["bob"]).WithUids(1);
        var second = Letter(["bob"]).WithUids(2);
        var third = Letter(["bob"]).WithUids(3);
        var fourth = Letter(["bob"]).WithUids(4);
        await _mail.Store.Orders.ApplyAsync([Deliver(first), Deliver(second), Deliver(third)]);
        await _mail.Store.WorkSpace.DeliverAsync([first.Header.Id, second.Header.Id, third.Header.Id]);
        await _mail.Store.Orders.ApplyAsync([Flags(first, LetterFlags.Seen, on: true, "r1")]);

        var opened = await _mail.Store.Inboxes.OpenMailboxAsync("bob");
        Assert.Equal((3, 2, 4L), (opened.Exists, opened.FirstUnseen, opened.UidNext));
        Assert.NotEqual(0, opened.UidValidity);

        // Between the answer and the read of the letters, one is deleted, one delivered and one read on this machine.
        await _mail.Store.Orders.ApplyAsync([Delete(second.Header.Id, "bob"), Deliver(fourth), MarkRead(third.Header.Id, "bob")]);
        await _mail.Store.WorkSpace.DeliverAsync([fourth.Header.Id]);
        var letters = await opened.ReadLettersAsync();

        Assert.Equal(
            [new MailboxEntry(first.Header.Id, 1, true, false, false), new MailboxEntry(second.Header.Id, 2, false, false, false), new MailboxEntry(third.Header.Id, 3, false, false, false)],
            letters);
        // Now: the first and the third read, the fourth (third in sequence) not.
        var now = await _mail.Store.Inboxes.OpenMailboxAsync("bob");
        await using (now)
        {
            Assert.Equal((3, (int?)3, 5L), (now.Exists, now.FirstUnseen, now.UidNext));
        }

        var unknown = await _mail.Store.Inboxes.OpenMailboxAsync("nobody");
        Assert.Equal((0L, 1L, 0, (int?)null), (unknown.UidValidity, unknown.UidNext, unknown.Exists, unknown.FirstUnseen));
        Assert.Empty(await unknown.ReadLettersAsync());
    }
}
