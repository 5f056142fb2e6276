using Maildriver.Grains.Protocol;
using Maildriver.Grains.Replica;
using Maildriver.Grains.Storage;
using static Maildriver.Tests.Grains.Storage.MailFactory;

namespace Maildriver.Tests.Grains.Storage;

public sealed class WorkSpaceTests : IAsyncLifetime
{
    private SqliteMailStore _mail = null!;

    public async Task InitializeAsync()
    {
        _mail = await SqliteMailStore.CreateAsync();
        await _mail.Store.Orders.ApplyAsync(AddUsers(["alice", "bob", "carol"]));
    }

    public async Task DisposeAsync() => await _mail.DisposeAsync();

    [Fact]
    public async Task A_bogus_protoletter_made_valid_by_MarkValid_is_got()
    {
        var letter = Letter(["bob"]);
        await _mail.Store.WorkSpace.InsertBogusAsync(letter);
        Assert.Equal([(letter.Header.Id, ProtoletterState.Bogus)], await _mail.Store.WorkSpace.GetProtoletterStatesAsync([letter.Header.Id]));
        Assert.Empty(await _mail.Store.WorkSpace.GetValidProtolettersAsync(10));

        var result = (await _mail.Store.Orders.ApplyAsync([MarkValid(letter)])).Decide();

        Assert.Equal([letter.Header.Id], result.GotIt);
        Assert.Empty(result.Finished);
        Assert.Empty(result.Missing);
        var valid = Assert.Single(await _mail.Store.WorkSpace.GetValidProtolettersAsync(10));
        Assert.Equal(ProtoletterState.Valid, valid.State);
        AssertSameLetter(letter, valid.Letter);
    }

    [Fact]
    public async Task Inserting_the_same_bogus_letter_again_changes_nothing_even_after_delivery()
    {
        var letter = Letter(["bob"]);
        await _mail.Store.WorkSpace.InsertBogusAsync(letter);
        await _mail.Store.WorkSpace.InsertBogusAsync(letter);
        Assert.Equal(1, await _mail.CountAsync("protoletters"));
        Assert.Equal(1, await _mail.CountAsync("protoletter_recipients"));

        await _mail.Store.Orders.ApplyAsync([MarkValid(letter)]);
        await _mail.Store.WorkSpace.DeliverAsync([letter.Header.Id]);
        await _mail.Store.WorkSpace.InsertBogusAsync(letter);

        Assert.Equal(0, await _mail.CountAsync("protoletters"));
        Assert.Equal(1, await _mail.CountAsync("letters"));
    }

    [Fact]
    public async Task MarkValid_answers_missing_for_an_unknown_letter_and_finished_for_a_delivered_one()
    {
        var delivered = Letter(["bob"]);
        await _mail.Store.Orders.ApplyAsync([Deliver(delivered)]);
        await _mail.Store.WorkSpace.DeliverAsync([delivered.Header.Id]);

        var result = (await _mail.Store.Orders.ApplyAsync([MarkValid("MD9.1"), MarkValid(delivered)])).Decide();

        Assert.Empty(result.GotIt);
        Assert.Equal(["MD9.1"], result.Missing);
        Assert.Equal([delivered.Header.Id], result.Finished);
        Assert.Equal(0, await _mail.CountAsync("protoletters"));
    }

    [Fact]
    public async Task A_repeated_deliver_order_duplicates_nothing()
    {
        var letter = Letter(["bob", "carol"]);

        var first = (await _mail.Store.Orders.ApplyAsync([Deliver(letter)])).Decide();
        var again = (await _mail.Store.Orders.ApplyAsync([Deliver(letter)])).Decide();

        Assert.Equal([letter.Header.Id], first.GotIt);
        Assert.Equal([letter.Header.Id], again.GotIt);
        Assert.Equal(1, await _mail.CountAsync("protoletters"));
        Assert.Equal(2, await _mail.CountAsync("protoletter_recipients"));

        Assert.Equal([letter.Header.Id], await _mail.Store.WorkSpace.DeliverAsync([letter.Header.Id]));
        var afterDelivery = (await _mail.Store.Orders.ApplyAsync([Deliver(letter)])).Decide();

        Assert.Equal([letter.Header.Id], afterDelivery.Finished);
        Assert.Equal(0, await _mail.CountAsync("protoletters"));
        Assert.Equal(1, await _mail.CountAsync("letters"));
        Assert.Equal(2, await _mail.CountAsync("inbox"));
    }

    [Fact]
    public async Task A_deliver_order_for_our_own_bogus_letter_makes_it_valid_without_a_second_copy()
    {
        var letter = Letter(["bob"]);
        await _mail.Store.WorkSpace.InsertBogusAsync(letter);

        var result = (await _mail.Store.Orders.ApplyAsync([Deliver(letter)])).Decide();

        Assert.Equal([letter.Header.Id], result.GotIt);
        Assert.Equal([(letter.Header.Id, ProtoletterState.Valid)], await _mail.Store.WorkSpace.GetProtoletterStatesAsync([letter.Header.Id]));
        Assert.Equal(1, await _mail.CountAsync("protoletters"));
    }

    [Fact]
    public async Task Delivery_skips_bogus_letters_and_reports_repeats_of_delivered_ones()
    {
        var bogus = Letter(["bob"]);
        var valid = Letter(["bob"]);
        await _mail.Store.WorkSpace.InsertBogusAsync(bogus);
        await _mail.Store.Orders.ApplyAsync([Deliver(valid)]);

        Assert.Equal([valid.Header.Id], await _mail.Store.WorkSpace.DeliverAsync([bogus.Header.Id, valid.Header.Id, "MD9.404"]));
        Assert.Equal([valid.Header.Id], await _mail.Store.WorkSpace.DeliverAsync([valid.Header.Id, bogus.Header.Id]));

        Assert.Equal([(bogus.Header.Id, ProtoletterState.Bogus)], await _mail.Store.WorkSpace.FindProtolettersForUserAsync("bob"));
        Assert.Equal([valid.Header.Id], (await _mail.Store.Inboxes.ListInboxAsync("bob", withBodies: false)).Select(e => e.Header.Id));
    }

    [Fact]
    public async Task Valid_protoletters_come_oldest_first_up_to_the_limit()
    {
        var letters = Enumerable.Range(0, 5).Select(_ => Letter(["bob"])).ToList();
        foreach (var letter in letters.AsEnumerable().Reverse())
        {
            // Arrival order, not id or sent time, decides: these arrive newest letter first.
            await _mail.Store.Orders.ApplyAsync([Deliver(letter)]);
        }

        var oldest = await _mail.Store.WorkSpace.GetValidProtolettersAsync(3);

        Assert.Equal(letters.AsEnumerable().Reverse().Take(3).Select(l => l.Header.Id), oldest.Select(p => p.Letter.Header.Id));
    }

    [Fact]
    public async Task The_WorkSpace_scan_finds_bogus_and_valid_letters_for_that_user_only()
    {
        var toBob = Letter(["bob"]);
        var toBobAndCarol = Letter(["carol", "bob"]);
        var toCarol = Letter(["carol"]);
        await _mail.Store.WorkSpace.InsertBogusAsync(toBob);
        await _mail.Store.Orders.ApplyAsync([Deliver(toBobAndCarol), Deliver(toCarol)]);

        Assert.Equal(
            [(toBob.Header.Id, ProtoletterState.Bogus), (toBobAndCarol.Header.Id, ProtoletterState.Valid)],
            await _mail.Store.WorkSpace.FindProtolettersForUserAsync("bob"));
        Assert.Equal(
            [(toBobAndCarol.Header.Id, ProtoletterState.Valid), (toCarol.Header.Id, ProtoletterState.Valid)],
            await _mail.Store.WorkSpace.FindProtolettersForUserAsync("carol"));
        Assert.Empty(await _mail.Store.WorkSpace.FindProtolettersForUserAsync("alice"));
    }

    [Fact]
    public async Task The_WorkSpace_scan_and_the_unread_poll_use_indexes()
    {
        var scan = await _mail.QueryPlanAsync(MailSql.FindProtolettersForUser, ("@user", "bob"));
        var poll = await _mail.QueryPlanAsync(MailSql.HasUnread, ("@user", "bob"));

        // A full scan of a table shows as "SCAN [TABLE] <name>"; "SCAN CONSTANT ROW" is the outer SELECT of the poll.
        Assert.Contains(scan, step => step.Contains("protoletter_recipients_by_user", StringComparison.Ordinal));
        Assert.DoesNotContain(scan, step => step.StartsWith("SCAN", StringComparison.Ordinal) && step != "SCAN CONSTANT ROW");
        Assert.Contains(poll, step => step.Contains("inbox_unread", StringComparison.Ordinal));
        Assert.DoesNotContain(poll, step => step.StartsWith("SCAN", StringComparison.Ordinal) && step != "SCAN CONSTANT ROW");
    }

    [Fact]
    public async Task Rebirth_drops_only_bogus_letters()
    {
        var bogus = Letter(["bob", "carol"]);
        var valid = Letter(["bob"]);
        await _mail.Store.WorkSpace.InsertBogusAsync(bogus);
        await _mail.Store.WorkSpace.InsertBogusAsync(Letter(["alice"]));
        await _mail.Store.Orders.ApplyAsync([Deliver(valid)]);

        Assert.Equal(2, await _mail.Store.WorkSpace.DropBogusAsync());

        Assert.Equal([(valid.Header.Id, ProtoletterState.Valid)], await _mail.Store.WorkSpace.FindProtolettersForUserAsync("bob"));
        Assert.Empty(await _mail.Store.WorkSpace.FindProtolettersForUserAsync("carol"));
        Assert.Equal(1, await _mail.CountAsync("protoletter_recipients"));
        Assert.Equal(0, await _mail.Store.WorkSpace.DropBogusAsync());

        // The origin lost it: the Master must send the whole letter.
        Assert.Equal([bogus.Header.Id], (await _mail.Store.Orders.ApplyAsync([MarkValid(bogus)])).Decide().Missing);
    }

    [Fact]
    public async Task Protoletter_states_cover_only_letters_still_waiting()
    {
        var bogus = Letter(["bob"]);
        var valid = Letter(["bob"]);
        var delivered = Letter(["bob"]);
        await _mail.Store.WorkSpace.InsertBogusAsync(bogus);
        await _mail.Store.Orders.ApplyAsync([Deliver(valid), Deliver(delivered)]);
        await _mail.Store.WorkSpace.DeliverAsync([delivered.Header.Id]);

        var many = Enumerable.Range(0, 250).Select(i => $"MD9.{i}").Append(valid.Header.Id).Append(delivered.Header.Id).Append(bogus.Header.Id);

        Assert.Equal(
            [(valid.Header.Id, ProtoletterState.Valid), (bogus.Header.Id, ProtoletterState.Bogus)],
            await _mail.Store.WorkSpace.GetProtoletterStatesAsync(many));
    }

    [Fact]
    public async Task A_letter_is_found_wherever_this_machine_holds_it()
    {
        var bogus = Letter(["bob"]);
        var delivered = Letter(["bob"]);
        var mastered = Letter(["carol"]);
        await _mail.Store.WorkSpace.InsertBogusAsync(bogus);
        await _mail.Store.Orders.ApplyAsync([Deliver(delivered)]);
        await _mail.Store.WorkSpace.DeliverAsync([delivered.Header.Id]);
        await _mail.Store.MasterDirectory.SaveAsync([mastered]);

        AssertSameLetter(bogus, await _mail.Store.Letters.FindLetterAsync(bogus.Header.Id));
        AssertSameLetter(delivered, await _mail.Store.Letters.FindLetterAsync(delivered.Header.Id));
        AssertSameLetter(mastered, await _mail.Store.Letters.FindLetterAsync(mastered.Header.Id));
        Assert.Null(await _mail.Store.Letters.FindLetterAsync("MD9.404"));

        Assert.Equal(bogus.Header.Id, await _mail.Store.Letters.FindLetterIdBySubmissionAsync(bogus.Header.SubmissionKey));
        Assert.Equal(delivered.Header.Id, await _mail.Store.Letters.FindLetterIdBySubmissionAsync(delivered.Header.SubmissionKey));
        Assert.Equal(mastered.Header.Id, await _mail.Store.Letters.FindLetterIdBySubmissionAsync(mastered.Header.SubmissionKey));
        Assert.Null(await _mail.Store.Letters.FindLetterIdBySubmissionAsync("alice/unknown"));
    }

    [Fact]
    public async Task Sent_times_come_back_as_the_same_instant_in_UTC_to_the_tick()
    {
        var sentAt = new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(2)).AddTicks(1234567);
        var letter = Letter(["bob"], sentAt: sentAt);
        await _mail.Store.WorkSpace.InsertBogusAsync(letter);

        var found = await _mail.Store.Letters.FindLetterAsync(letter.Header.Id);

        Assert.NotNull(found);
        Assert.Equal(sentAt.UtcTicks, found.Header.SentAt.UtcTicks);
        Assert.Equal(TimeSpan.Zero, found.Header.SentAt.Offset);
    }

    [Fact]
    public async Task A_malformed_order_stops_the_whole_batch_before_anything_is_written()
    {
        var letter = Letter(["bob"]);

        await Assert.ThrowsAsync<ArgumentException>(
            () => _mail.Store.Orders.ApplyAsync([Deliver(letter), new Order("x", OrderKind.Delete, LetterId: letter.Header.Id)]));

        Assert.Equal(0, await _mail.CountAsync("protoletters"));
    }

    internal static void AssertSameLetter(Letter expected, Letter? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Header.Id, actual.Header.Id);
        Assert.Equal(expected.Header.From, actual.Header.From);
        Assert.Equal(expected.Header.To, actual.Header.To);
        Assert.Equal(expected.Header.Subject, actual.Header.Subject);
        Assert.Equal(expected.Header.SentAt, actual.Header.SentAt);
        Assert.Equal(expected.Header.SubmissionKey, actual.Header.SubmissionKey);
        Assert.Equal(expected.Header.Size, actual.Header.Size);
        Assert.Equal(expected.Message, actual.Message);
    }
}
