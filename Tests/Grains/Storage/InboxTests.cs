using Maildriver.Grains.Protocol;
using Maildriver.Grains.Replica;
using static Maildriver.Tests.Grains.Storage.MailFactory;

namespace Maildriver.Tests.Grains.Storage;

public sealed class InboxTests : IAsyncLifetime
{
    private SqliteMailStore _mail = null!;

    public async Task InitializeAsync()
    {
        _mail = await SqliteMailStore.CreateAsync();
        await _mail.Store.Orders.ApplyAsync(AddUsers(["alice", "bob", "carol"]));
    }

    public async Task DisposeAsync() => await _mail.DisposeAsync();

    [Fact]
    public async Task The_inbox_lists_letters_by_sent_time_then_id_with_bodies_on_request()
    {
        var late = Letter(["bob"], body: "late", sentAt: Start.AddHours(2));
        var early = Letter(["bob"], body: "early", sentAt: Start.AddHours(1));
        var sameTimeB = Letter(["bob"], body: "b", id: "MD2.5", sentAt: Start.AddHours(1.5));
        var sameTimeA = Letter(["bob"], body: "a", id: "MD1.9", sentAt: Start.AddHours(1.5));
        await DeliverAsync(late, early, sameTimeB, sameTimeA, Letter(["carol"]));

        var headers = await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false);
        var full = await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: true);

        Assert.Equal([early.Header.Id, "MD1.9", "MD2.5", late.Header.Id], headers.Select(e => e.Header.Id));
        Assert.All(headers, e => Assert.Null(e.Text()));
        Assert.Equal(["early", "a", "b", "late"], full.Select(e => e.Text()));
        Assert.All(full, e => Assert.False(e.Read));
        WorkSpaceTests.AssertSameLetter(early, new Letter(full[0].Header, full[0].Message!));
    }

    [Fact]
    public async Task Mark_read_shows_in_the_listing_and_the_unread_poll()
    {
        var first = Letter(["bob", "carol"]);
        var second = Letter(["bob"]);
        await DeliverAsync(first, second);
        Assert.True(await _mail.Store.Inboxes.HasUnreadAsync("bob"));
        Assert.False(await _mail.Store.Inboxes.HasUnreadAsync("alice"));

        await _mail.Store.Orders.ApplyAsync([MarkRead(first.Header.Id, "bob")]);

        Assert.Equal([true, false], (await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false)).Select(e => e.Read));
        Assert.True(await _mail.Store.Inboxes.HasUnreadAsync("bob"));
        Assert.False((await _mail.Store.Inboxes.GetInboxEntryAsync("carol", first.Header.Id))!.Read);

        var result = (await _mail.Store.Orders.ApplyAsync([MarkRead(second.Header.Id, "bob"), MarkRead(second.Header.Id, "bob")])).Decide();

        Assert.Equal(2, result.Finished.Count);
        Assert.False(await _mail.Store.Inboxes.HasUnreadAsync("bob"));
        Assert.True(await _mail.Store.Inboxes.HasUnreadAsync("carol"));
    }

    [Fact]
    public async Task An_entry_comes_with_its_body_only_from_its_own_inbox()
    {
        var letter = Letter(["bob"], body: "for bob only");
        await DeliverAsync(letter);

        var entry = await _mail.Store.Inboxes.GetInboxEntryAsync("bob", letter.Header.Id);

        Assert.NotNull(entry);
        Assert.Equal("for bob only", entry.Text());
        Assert.Equal(letter.Header.SubmissionKey, entry.Header.SubmissionKey);
        Assert.Null(await _mail.Store.Inboxes.GetInboxEntryAsync("carol", letter.Header.Id));
    }

    [Fact]
    public async Task Filtering_keeps_only_the_users_own_letters()
    {
        var mine = Enumerable.Range(0, 150).Select(_ => Letter(["bob"])).ToList();
        var theirs = Letter(["carol"]);
        await DeliverAsync([.. mine, theirs]);
        var asked = mine.Select(l => l.Header.Id).Append(theirs.Header.Id).Append("MD9.404").ToList();

        var present = await _mail.Store.Inboxes.FilterInInboxAsync("bob", asked);

        Assert.Equal(mine.Select(l => l.Header.Id).Order(StringComparer.Ordinal), present.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Deleting_one_of_two_references_keeps_the_body_and_the_last_one_reclaims_it()
    {
        var letter = Letter(["bob", "carol"]);
        await DeliverAsync(letter);

        var first = (await _mail.Store.Orders.ApplyAsync([Delete(letter.Header.Id, "bob")])).Decide();

        Assert.Equal([$"del/{letter.Header.Id}/bob"], first.Finished);
        Assert.Empty(await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false));
        Assert.Equal(1, await _mail.CountAsync("letters"));
        Assert.Equal("Hello there.", (await _mail.Store.Inboxes.GetInboxEntryAsync("carol", letter.Header.Id))!.Text());

        await _mail.Store.Orders.ApplyAsync([Delete(letter.Header.Id, "carol")]);

        Assert.Equal(0, await _mail.CountAsync("letters"));
        Assert.Equal(0, await _mail.CountAsync("inbox"));
        Assert.Null(await _mail.Store.Letters.FindLetterAsync(letter.Header.Id));
    }

    [Fact]
    public async Task Deleting_a_missing_row_is_finished_and_harmless()
    {
        var letter = Letter(["bob"]);
        await DeliverAsync(letter);

        var result = (await _mail.Store.Orders.ApplyAsync([Delete(letter.Header.Id, "carol"), Delete("MD9.404", "bob")])).Decide();

        Assert.Equal(2, result.Finished.Count);
        Assert.Single(await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false));
        Assert.Equal(1, await _mail.CountAsync("letters"));
    }

    [Fact]
    public async Task Deleting_a_user_removes_their_inbox_and_the_bodies_only_they_referenced()
    {
        var onlyBob = Letter(["bob"]);
        var shared = Letter(["bob", "carol"]);
        await DeliverAsync(onlyBob, shared);

        var result = (await _mail.Store.Orders.ApplyAsync([DeleteUser("bob")])).Decide();

        Assert.Equal(["deluser/bob"], result.Finished);
        Assert.Null(await _mail.Store.Users.GetUserAsync("bob"));
        Assert.Empty(await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false));
        Assert.Null(await _mail.Store.Letters.FindLetterAsync(onlyBob.Header.Id));
        Assert.NotNull(await _mail.Store.Inboxes.GetInboxEntryAsync("carol", shared.Header.Id));
        Assert.Equal(1, await _mail.CountAsync("letters"));
    }

    private async Task DeliverAsync(params Letter[] letters)
    {
        await _mail.Store.Orders.ApplyAsync(letters.Select(Deliver).ToList());
        Assert.Equal(letters.Length, (await _mail.Store.WorkSpace.DeliverAsync(letters.Select(l => l.Header.Id).ToList())).Count);
    }
}
