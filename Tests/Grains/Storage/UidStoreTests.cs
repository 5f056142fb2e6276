using Maildriver.Grains.Protocol;
using static Maildriver.Tests.Grains.Storage.MailFactory;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>One machine's side of IMAP's UIDs and flags (issue 17), on the provider the tests run on.</summary>
public sealed class UidStoreTests : IAsyncLifetime
{
    private ProviderMailStore _mail = null!;

    public async Task InitializeAsync()
    {
        _mail = await ProviderMailStore.CreateAsync();
        await _mail.Store.Orders.ApplyAsync([AddUser(User("bob") with { UidValidity = 1_765_000_000 }), AddUser(User("carol"))]);
    }

    public async Task DisposeAsync() => await _mail.DisposeAsync();

    [Fact]
    public async Task InboxRowsTakeTheUidsTheMasterGaveAndTheOriginsBogusCopyTakesThemFromMarkValid()
    {
        var bogus = Letter(["carol", "bob"]).WithUids(7, 3);
        await _mail.Store.WorkSpace.InsertBogusAsync(bogus with { Header = bogus.Header with { Uids = null } });
        var other = Letter(["bob"]).WithUids(4);

        await _mail.Store.Orders.ApplyAsync([MarkValid(bogus), Deliver(other)]);
        await _mail.Store.WorkSpace.DeliverAsync([bogus.Header.Id, other.Header.Id]);

        var bob = await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false);
        Assert.Equal([(bogus.Header.Id, 3L), (other.Header.Id, 4L)], bob.Select(e => (e.Header.Id, e.Uid)).Order());
        Assert.All(bob, e => Assert.Equal(1_765_000_000, e.UidValidity));
        Assert.Equal(7, Assert.Single(await _mail.Store.Inboxes.ListInboxAsync("carol", withBodies: false)).Uid);
        Assert.Equal(new Dictionary<string, long> { ["bob"] = 5, ["carol"] = 8 }, await _mail.Store.Inboxes.GetUidNextsAsync(["bob", "carol", "nobody"]));
    }

    [Fact]
    public async Task TheNextUidNeverGoesDownAndPassesTheUidOfALetterDeletedBeforeItArrived()
    {
        var kept = Letter(["bob"]).WithUids(1);
        var deletedAfter = Letter(["bob"]).WithUids(2);
        var deletedBefore = Letter(["bob"]).WithUids(3);
        await _mail.Store.Orders.ApplyAsync([Deliver(kept), Deliver(deletedAfter), Delete(deletedBefore.Header.Id, "bob"), Deliver(deletedBefore)]);
        await _mail.Store.WorkSpace.DeliverAsync([kept.Header.Id, deletedAfter.Header.Id, deletedBefore.Header.Id]);
        await _mail.Store.Orders.ApplyAsync([Delete(deletedAfter.Header.Id, "bob")]);

        Assert.Equal([kept.Header.Id], (await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false)).Select(e => e.Header.Id));
        Assert.Equal(4, (await _mail.Store.Inboxes.GetUidNextsAsync(["bob"]))["bob"]);
    }

    [Fact]
    public async Task TheUidOfTheHighestLetterStaysSpentWhenItIsDeletedAndALetterWithoutAUidTakesTheNextOne()
    {
        var first = Letter(["bob", "carol"]).WithUids(1, 1);
        var highest = Letter(["bob"]).WithUids(2);
        await _mail.Store.Orders.ApplyAsync([Deliver(first), Deliver(highest)]);
        await _mail.Store.WorkSpace.DeliverAsync([first.Header.Id, highest.Header.Id]);
        Assert.Equal(new Dictionary<string, long> { ["bob"] = 3, ["carol"] = 2 }, await _mail.Store.Inboxes.GetUidNextsAsync(["bob", "carol"]));

        await _mail.Store.Orders.ApplyAsync([Delete(highest.Header.Id, "bob"), Delete(first.Header.Id, "carol")]);
        Assert.Equal(new Dictionary<string, long> { ["bob"] = 3, ["carol"] = 2 }, await _mail.Store.Inboxes.GetUidNextsAsync(["bob", "carol"]));

        // A valid protoletter of a build before UIDs (its recipients' UIDs 0): they take their next UIDs, past the deleted ones.
        var unnumbered = Letter(["bob", "carol"]);
        await _mail.Store.WorkSpace.InsertBogusAsync(unnumbered with { Header = unnumbered.Header with { Uids = null } });
        await _mail.ExecuteAsync($"UPDATE protoletters SET state = 'valid', valid_seq = 1 WHERE letter_id = '{unnumbered.Header.Id}'");
        Assert.Equal([unnumbered.Header.Id], await _mail.Store.WorkSpace.DeliverAsync([unnumbered.Header.Id]));

        Assert.Equal(3, (await _mail.Store.Inboxes.GetInboxEntryAsync("bob", unnumbered.Header.Id))!.Uid);
        Assert.Equal(2, (await _mail.Store.Inboxes.GetInboxEntryAsync("carol", unnumbered.Header.Id))!.Uid);
        Assert.Equal(new Dictionary<string, long> { ["bob"] = 4, ["carol"] = 3 }, await _mail.Store.Inboxes.GetUidNextsAsync(["bob", "carol"]));
        Assert.Equal(4, (await _mail.Store.Inboxes.ExamineAsync("bob")).UidNext);
    }

    [Fact]
    public async Task ValidProtolettersAreDeliveredInTheOrderTheMastersOrdersMadeThemValid()
    {
        // The origin wrote its own letter first, but the Master ordered another letter for bob before it.
        var own = Letter(["bob"]).WithUids(2);
        await _mail.Store.WorkSpace.InsertBogusAsync(own with { Header = own.Header with { Uids = null } });
        var earlier = Letter(["bob"]).WithUids(1);

        await _mail.Store.Orders.ApplyAsync([Deliver(earlier), MarkValid(own)]);

        Assert.Equal([earlier.Header.Id, own.Header.Id], (await _mail.Store.WorkSpace.GetValidProtolettersAsync(1)).Concat(
            await _mail.Store.WorkSpace.GetValidProtolettersAsync(2)).Select(p => p.Letter.Header.Id).Distinct());
    }

    [Fact]
    public async Task FlagOrdersSetAndClearBitsAndOnesThatCameBeforeTheLetterApplyAtDelivery()
    {
        var delivered = Letter(["bob"]).WithUids(1);
        var waiting = Letter(["bob"]).WithUids(2);
        await _mail.Store.Orders.ApplyAsync([Deliver(delivered), Deliver(waiting)]);
        await _mail.Store.WorkSpace.DeliverAsync([delivered.Header.Id]);

        await _mail.Store.Orders.ApplyAsync(
        [
            Flags(delivered, LetterFlags.Flagged | LetterFlags.Answered, on: true, "f1"),
            Flags(delivered, LetterFlags.Flagged, on: false, "f2"),
            Flags(waiting, LetterFlags.Flagged, on: true, "f3"),
        ]);
        await _mail.Store.WorkSpace.DeliverAsync([waiting.Header.Id]);

        var inbox = await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false);
        Assert.Equal([LetterFlags.Answered, LetterFlags.Flagged], inbox.OrderBy(e => e.Uid).Select(e => e.Flags));
        Assert.Equal(0, await _mail.CountAsync("early_flags"));
    }

    [Fact]
    public async Task AnOrderWithoutItsRecipientsUidsOrWithAFlagThatIsNoneIsRefusedAndNothingIsApplied()
    {
        var letter = Letter(["bob"]);
        var unnumbered = Deliver(letter with { Header = letter.Header with { Uids = null } });
        await Assert.ThrowsAsync<ArgumentException>(() => _mail.Store.Orders.ApplyAsync([Deliver(Letter(["carol"])), unnumbered]));
        await Assert.ThrowsAsync<ArgumentException>(() => _mail.Store.Orders.ApplyAsync([new Order("m", OrderKind.MarkValid, letter.Header.Id)]));
        await Assert.ThrowsAsync<ArgumentException>(() => _mail.Store.Orders.ApplyAsync([Flags(letter, LetterFlags.None, on: true, "f0")]));

        Assert.Equal(0, await _mail.CountAsync("protoletters"));
    }
}
