using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;
using static Maildriver.Tests.Grains.Storage.MailFactory;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>
/// The store's figures (users, letters, their bytes, inbox rows, protoletters: what the dashboard shows per machine)
/// are kept as transactions commit rather than counted on every question. After every kind of write they must equal
/// a count of every row, on the provider <see cref="Support.TestStorage"/> names (MAILDRIVER_TEST_STORAGE=postgres
/// runs them on PostgreSQL).
/// </summary>
public sealed class MailFiguresTests : IAsyncLifetime
{
    private ProviderMailStore _store = null!;

    private MailStore Store => _store.Store;

    public async Task InitializeAsync() => _store = await ProviderMailStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task The_figures_follow_sends_deliveries_deletes_and_deleted_users_exactly()
    {
        // Asked first on an empty store: every figure after this is kept, not counted.
        await ExpectAsync(new MailStoreStats(0, 0, 0, 0, 0));

        await Store.Orders.ApplyAsync([.. AddUsers(["alice", "bob", "carol"])]);
        await Store.Orders.ApplyAsync([AddUser(User("bob", isAdmin: true))]);
        await ExpectAsync(new MailStoreStats(3, 0, 0, 0, 0));

        // The origin's bogus copies, one written twice, then the Master's orders make them valid, and a delivery.
        var shared = Letter(["bob", "carol", "nobody"], body: "To two users and one who is not.");
        var toBob = Letter(["bob"], body: "Just for bob, a little longer than the others.");
        await Store.WorkSpace.InsertBogusAsync([shared, toBob]);
        await Store.WorkSpace.InsertBogusAsync(shared);
        await ExpectAsync(new MailStoreStats(3, 0, 0, 0, 2));
        await Store.Orders.ApplyAsync([Deliver(shared), Deliver(toBob)]);
        await ExpectAsync(new MailStoreStats(3, 0, 0, 0, 2));
        await Store.WorkSpace.DeliverAsync([shared.Header.Id, toBob.Header.Id]);
        await ExpectAsync(new MailStoreStats(3, 2, shared.Header.Size + toBob.Header.Size, 3, 0));

        // A repeated delivery changes nothing; a delete of one of two readers keeps the body, of the last drops it.
        await Store.Orders.ApplyAsync([Deliver(shared)]);
        await Store.WorkSpace.DeliverAsync([shared.Header.Id]);
        await Store.Orders.ApplyAsync([Delete(shared.Header.Id, "bob")]);
        await ExpectAsync(new MailStoreStats(3, 2, shared.Header.Size + toBob.Header.Size, 2, 0));
        await Store.Orders.ApplyAsync([Delete(shared.Header.Id, "carol"), Delete(shared.Header.Id, "carol")]);
        await ExpectAsync(new MailStoreStats(3, 1, toBob.Header.Size, 1, 0));

        // A delete that overtakes the delivery: the letter is delivered to no one here and keeps no body.
        var overtaken = Letter(["alice"], body: "Deleted before it arrived.");
        await Store.Orders.ApplyAsync([Deliver(overtaken), Delete(overtaken.Header.Id, "alice")]);
        await ExpectAsync(new MailStoreStats(3, 1, toBob.Header.Size, 1, 1));
        await Store.WorkSpace.DeliverAsync([overtaken.Header.Id]);
        await ExpectAsync(new MailStoreStats(3, 1, toBob.Header.Size, 1, 0));

        // Deleting a user takes the letters only that user still had.
        var forAlice = Letter(["alice", "bob"], body: "Alice's and bob's.");
        await Store.Orders.ApplyAsync([Deliver(forAlice)]);
        await Store.WorkSpace.DeliverAsync([forAlice.Header.Id]);
        await Store.Orders.ApplyAsync([DeleteUser("bob")]);
        await ExpectAsync(new MailStoreStats(2, 1, forAlice.Header.Size, 1, 0));
        await Store.Orders.ApplyAsync([DeleteUser("bob"), DeleteUser("alice")]);
        await ExpectAsync(new MailStoreStats(1, 0, 0, 0, 0));
    }

    [Fact]
    public async Task A_catch_up_batch_a_rebirth_and_a_withdrawn_send_keep_them_exact()
    {
        await ExpectAsync(new MailStoreStats(0, 0, 0, 0, 0));
        var users = Names("user", 20);
        await Store.Orders.ApplyAsync(AddUsers(users));

        // A returning machine's catch-up: many orders in one transaction, deliveries to some excluded recipients.
        var letters = Enumerable.Range(0, 30).Select(i => Letter(users.Take(1 + (i % 5)).ToList(), body: new string('x', 10 + i))).ToList();
        await Store.Orders.ApplyAsync([.. letters.Select(l => l.Header.To.Count > 2 ? Deliver(l) with { Excluded = [l.Header.To[0]] } : Deliver(l))]);
        await Store.WorkSpace.DeliverAsync([.. letters.Select(l => l.Header.Id)]);
        var inbox = letters.Sum(l => l.Header.To.Count > 2 ? l.Header.To.Count - 1 : l.Header.To.Count);
        await ExpectAsync(new MailStoreStats(20, 30, letters.Sum(l => l.Header.Size), inbox, 0));

        // A rebirth drops the bogus protoletters; a client's retry elsewhere drops the origin's copy.
        var bogus = Enumerable.Range(0, 4).Select(_ => Letter([users[0]])).ToList();
        await Store.WorkSpace.InsertBogusAsync(bogus);
        await Store.WorkSpace.DropProtoletterAsync(bogus[0].Header.Id);
        await ExpectAsync(new MailStoreStats(20, 30, letters.Sum(l => l.Header.Size), inbox, 3));
        Assert.Equal(3, await Store.WorkSpace.DropBogusAsync());
        await ExpectAsync(new MailStoreStats(20, 30, letters.Sum(l => l.Header.Size), inbox, 0));
    }

    [Fact]
    public async Task A_snapshot_import_is_counted_afresh_and_a_refused_one_changes_nothing()
    {
        await using var source = await ProviderMailStore.CreateAsync();
        await source.Store.Orders.ApplyAsync([.. AddUsers(["ann", "ben"])]);
        var letter = Letter(["ann", "ben"], body: "From the snapshot.");
        await source.Store.Orders.ApplyAsync([Deliver(letter), Deliver(Letter(["ben"]))]);
        await source.Store.WorkSpace.DeliverAsync([letter.Header.Id]);
        var file = new MemoryStream();
        await source.Store.ExportSnapshotAsync(file, "MD2");

        await Store.Orders.ApplyAsync([.. AddUsers(["zed", "yves", "xavier"])]);
        await ExpectAsync(new MailStoreStats(3, 0, 0, 0, 0));
        await Store.ImportSnapshotAsync(new MemoryStream(file.ToArray()));
        await ExpectAsync(new MailStoreStats(2, 1, letter.Header.Size, 2, 1));

        // A damaged file rolls back: the figures stay those of the store, which did not change.
        var damaged = file.ToArray()[..(int)(file.Length / 2)];
        await Assert.ThrowsAsync<InvalidDataException>(() => Store.ImportSnapshotAsync(new MemoryStream(damaged)));
        await ExpectAsync(new MailStoreStats(2, 1, letter.Header.Size, 2, 1));

        // And a restarted silo counts its store again.
        await _store.ReopenAsync();
        await ExpectAsync(new MailStoreStats(2, 1, letter.Header.Size, 2, 1));
    }

    [Fact]
    public async Task The_figures_are_kept_not_counted_so_a_write_around_the_store_shows_only_in_a_count()
    {
        await Store.Orders.ApplyAsync([.. AddUsers(["ann"])]);
        await ExpectAsync(new MailStoreStats(1, 0, 0, 0, 0));

        // Nothing in Maildriver writes around the store; this shows the figures are not a query in disguise.
        await _store.ExecuteAsync("INSERT INTO users (name, password_hash, is_admin) VALUES ('sideways', 'x', 0)");

        Assert.Equal(new MailStoreStats(1, 0, 0, 0, 0), await Store.GetStatsAsync());
        Assert.Equal(new MailStoreStats(2, 0, 0, 0, 0), await Store.CountStatsAsync());
    }

    // The kept figures, the expected ones, and a count of every row all agree.
    private async Task ExpectAsync(MailStoreStats expected)
    {
        Assert.Equal(expected, await Store.CountStatsAsync());
        Assert.Equal(expected, await Store.GetStatsAsync());
    }
}
