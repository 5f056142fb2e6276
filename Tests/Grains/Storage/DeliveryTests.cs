using Maildriver.Grains.Replica;
using Maildriver.Grains.Storage;
using static Maildriver.Tests.Grains.Storage.MailFactory;

namespace Maildriver.Tests.Grains.Storage;

public sealed class DeliveryTests : IAsyncLifetime
{
    private SqliteMailStore _mail = null!;

    public async Task InitializeAsync() => _mail = await SqliteMailStore.CreateAsync();

    public async Task DisposeAsync() => await _mail.DisposeAsync();

    [Fact]
    public async Task A_letter_to_a_thousand_users_is_stored_once_and_a_repeat_changes_nothing()
    {
        var users = Names("user", 1000);
        await _mail.Store.Orders.ApplyAsync(AddUsers(users));
        var letter = Letter(users, body: new string('x', 4096));
        await _mail.Store.Orders.ApplyAsync([Deliver(letter)]);
        Assert.Equal(1000, await _mail.CountAsync("protoletter_recipients"));

        Assert.Equal([letter.Header.Id], await _mail.Store.WorkSpace.DeliverAsync([letter.Header.Id]));

        Assert.Equal(1, await _mail.CountAsync("letters"));
        Assert.Equal(1000, await _mail.CountAsync("inbox", $"letter_key = (SELECT letter_key FROM letters WHERE letter_id = '{letter.Header.Id}') AND is_read = 0"));
        Assert.Equal(0, await _mail.CountAsync("protoletters"));
        Assert.Equal(0, await _mail.CountAsync("protoletter_recipients"));
        var stats = await _mail.Store.GetStatsAsync();
        Assert.Equal(new MailStoreStats(1000, 1, 4096, 1000, 0), stats);

        Assert.Equal([letter.Header.Id], await _mail.Store.WorkSpace.DeliverAsync([letter.Header.Id]));
        Assert.Equal([letter.Header.Id], (await _mail.Store.Orders.ApplyAsync([Deliver(letter)])).Decide().Finished);

        Assert.Equal(stats, await _mail.Store.GetStatsAsync());
    }

    [Theory]
    [InlineData("delivered")]
    [InlineData("valid")]
    [InlineData("bogus")]
    [InlineData("absent")]
    public async Task A_delivery_to_nobody_removes_every_excluded_row_and_stores_nothing(string copyHere)
    {
        // Section 10.1 on a machine that was dead: every recipient deleted the letter meanwhile, and this machine may
        // or may not have carried out the delivery before it died (or be the origin with its own protoletter).
        await _mail.Store.Orders.ApplyAsync(AddUsers(["bob", "carol"]));
        var letter = Letter(["bob", "carol"]);
        switch (copyHere)
        {
            case "delivered":
                await _mail.Store.Orders.ApplyAsync([Deliver(letter)]);
                await _mail.Store.WorkSpace.DeliverAsync([letter.Header.Id]);
                break;
            case "valid":
                await _mail.Store.Orders.ApplyAsync([Deliver(letter)]);
                break;
            case "bogus":
                await _mail.Store.WorkSpace.InsertBogusAsync([letter]);
                break;
        }

        var toNobody = Deliver(letter) with { Excluded = ["carol", "bob"] };
        Assert.Equal([letter.Header.Id], (await _mail.Store.Orders.ApplyAsync([toNobody])).Decide().Finished);

        Assert.Equal(0, await _mail.CountAsync("inbox"));
        Assert.Equal(0, await _mail.CountAsync("letters"));
        Assert.Equal(0, await _mail.CountAsync("protoletters"));
        Assert.Equal(0, await _mail.CountAsync("protoletter_recipients"));
        Assert.Equal(2, await _mail.CountAsync("tombstones", $"letter_id = '{letter.Header.Id}'"));

        // A repeat, or the plain delivery arriving late, brings nothing back.
        await _mail.Store.Orders.ApplyAsync([toNobody, Deliver(letter)]);
        await _mail.Store.WorkSpace.DeliverAsync([letter.Header.Id]);
        Assert.Equal(0, await _mail.CountAsync("inbox"));
        Assert.Equal(0, await _mail.CountAsync("letters"));
    }

    [Fact]
    public async Task A_ten_thousand_recipient_letter_is_one_delivery()
    {
        var users = Names("user", 10_000);
        await _mail.Store.Orders.ApplyAsync(AddUsers(users));
        var letter = Letter(users);

        Assert.Equal([letter.Header.Id], (await _mail.Store.Orders.ApplyAsync([Deliver(letter)])).Decide().GotIt);
        Assert.Equal([letter.Header.Id], await _mail.Store.WorkSpace.DeliverAsync([letter.Header.Id]));

        Assert.Equal(1, await _mail.CountAsync("letters"));
        Assert.Equal(10_000, await _mail.CountAsync("inbox", $"letter_key = (SELECT letter_key FROM letters WHERE letter_id = '{letter.Header.Id}')"));
        Assert.Equal(0, await _mail.CountAsync("protoletter_recipients"));
        Assert.True(await _mail.Store.Inboxes.HasUnreadAsync("user09999"));
        Assert.Equal(10_000, (await _mail.Store.Users.GetExistingUsersAsync(users.Append("stranger"))).Count);
    }

    [Fact]
    public async Task Recipients_who_are_not_users_here_get_no_row()
    {
        await _mail.Store.Orders.ApplyAsync(AddUsers(["bob"]));
        var letter = Letter(["bob", "stranger", "bob"]);
        await _mail.Store.Orders.ApplyAsync([Deliver(letter)]);

        await _mail.Store.WorkSpace.DeliverAsync([letter.Header.Id]);

        Assert.Equal(1, await _mail.CountAsync("inbox"));
        Assert.Single(await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false));
        Assert.Empty(await _mail.Store.Inboxes.ListInboxAsync("stranger", withBodies: false));
    }

    [Fact]
    public async Task A_letter_to_nobody_here_keeps_no_body()
    {
        var letter = Letter(["stranger"]);
        await _mail.Store.Orders.ApplyAsync([Deliver(letter)]);

        Assert.Equal([letter.Header.Id], await _mail.Store.WorkSpace.DeliverAsync([letter.Header.Id]));

        Assert.Equal(0, await _mail.CountAsync("letters"));
        Assert.Equal(0, await _mail.CountAsync("protoletters"));
    }

    [Fact]
    public async Task A_deleted_letter_never_comes_back_when_the_delivery_is_repeated()
    {
        await _mail.Store.Orders.ApplyAsync(AddUsers(["bob", "carol"]));
        var letter = Letter(["bob", "carol"]);
        await _mail.Store.Orders.ApplyAsync([Deliver(letter)]);
        await _mail.Store.WorkSpace.DeliverAsync([letter.Header.Id]);
        await _mail.Store.Orders.ApplyAsync([Delete(letter.Header.Id, "bob"), Delete(letter.Header.Id, "carol")]);
        Assert.Equal(0, await _mail.CountAsync("letters"));

        // The body is gone, so the Master's repeated order looks new here and goes through the WorkSpace again.
        await _mail.Store.Orders.ApplyAsync([Deliver(letter)]);
        await _mail.Store.WorkSpace.DeliverAsync([letter.Header.Id]);

        Assert.Equal(0, await _mail.CountAsync("inbox"));
        Assert.Equal(0, await _mail.CountAsync("letters"));
        Assert.Null(await _mail.Store.Inboxes.GetInboxEntryAsync("bob", letter.Header.Id));
    }

    [Fact]
    public async Task A_delete_that_overtakes_the_delivery_keeps_that_row_from_ever_appearing()
    {
        await _mail.Store.Orders.ApplyAsync(AddUsers(["bob", "carol"]));
        var letter = Letter(["bob", "carol"]);
        await _mail.Store.Orders.ApplyAsync([Deliver(letter), Delete(letter.Header.Id, "bob")]);

        await _mail.Store.WorkSpace.DeliverAsync([letter.Header.Id]);

        Assert.Empty(await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false));
        Assert.Single(await _mail.Store.Inboxes.ListInboxAsync("carol", withBodies: false));
    }

    [Fact]
    public async Task A_mark_read_that_overtakes_the_delivery_is_kept_for_it()
    {
        await _mail.Store.Orders.ApplyAsync(AddUsers(["bob", "carol"]));
        var letter = Letter(["bob", "carol"]);
        await _mail.Store.Orders.ApplyAsync([Deliver(letter), MarkRead(letter.Header.Id, "bob")]);

        await _mail.Store.WorkSpace.DeliverAsync([letter.Header.Id]);

        Assert.True((await _mail.Store.Inboxes.GetInboxEntryAsync("bob", letter.Header.Id))!.Read);
        Assert.False((await _mail.Store.Inboxes.GetInboxEntryAsync("carol", letter.Header.Id))!.Read);
        Assert.False(await _mail.Store.Inboxes.HasUnreadAsync("bob"));
        Assert.Equal(0, await _mail.CountAsync("early_reads"));
    }

    [Fact]
    public async Task A_mark_read_for_a_letter_not_waiting_here_leaves_nothing_behind()
    {
        await _mail.Store.Orders.ApplyAsync(AddUsers(["bob"]));

        var result = (await _mail.Store.Orders.ApplyAsync([MarkRead("MD9.404", "bob")])).Decide();

        Assert.Equal(["read/MD9.404/bob"], result.Finished);
        Assert.Equal(0, await _mail.CountAsync("early_reads"));
    }

    [Fact]
    public async Task A_delivery_batch_that_fails_half_way_leaves_everything_as_it_was()
    {
        await _mail.Store.Orders.ApplyAsync(AddUsers(["bob"]));
        var first = Letter(["bob"]);
        var fine = Letter(["bob"]);

        // Another id under a key already delivered breaks the one-letter-per-submission rule: the store refuses it loudly.
        var other = Letter(["bob"]);
        var clash = other with { Header = other.Header with { SubmissionKey = first.Header.SubmissionKey } };
        await _mail.Store.Orders.ApplyAsync([Deliver(first)]);
        await _mail.Store.WorkSpace.DeliverAsync([first.Header.Id]);
        await _mail.Store.Orders.ApplyAsync([Deliver(fine), Deliver(clash)]);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => _mail.Store.WorkSpace.DeliverAsync([fine.Header.Id, clash.Header.Id]));

        Assert.Equal(2, await _mail.CountAsync("protoletters"));
        Assert.Equal(1, await _mail.CountAsync("letters"));
        Assert.Equal([first.Header.Id], (await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false)).Select(e => e.Header.Id));
    }
}
