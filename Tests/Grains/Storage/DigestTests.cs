using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;
using static Maildriver.Tests.Grains.Storage.MailFactory;

namespace Maildriver.Tests.Grains.Storage;

public sealed class DigestTests : IAsyncLifetime
{
    // Numbered as the Master numbers them (each machine delivers in its own order, and the UIDs must still agree).
    private static readonly Letter Shared = Letter(["bob", "carol", "dave"], body: "To all three.").WithUids(1, 1, 1);
    private static readonly Letter ToBob = Letter(["bob"], body: "Just you.").WithUids(2);

    private SqliteMailStore _one = null!;
    private SqliteMailStore _two = null!;

    public async Task InitializeAsync()
    {
        _one = await SqliteMailStore.CreateAsync();
        _two = await SqliteMailStore.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _one.DisposeAsync();
        await _two.DisposeAsync();
    }

    [Fact]
    public async Task Two_machines_fed_the_same_orders_in_the_same_order_agree()
    {
        await FeedAsync(_one.Store, Scenario());
        await FeedAsync(_two.Store, Scenario());

        var one = await _one.Store.ComputeDigestAsync("MD1");
        var two = await _two.Store.ComputeDigestAsync("MD2");

        Assert.Equal(("MD1", 2L, 3L), (one.Machine, one.Letters, one.InboxEntries));
        Assert.Equal(("MD2", 2L, 3L), (two.Machine, two.Letters, two.InboxEntries));
        Assert.Equal(one.Digest, two.Digest);
        Assert.Matches("^[0-9a-f]{64}$", one.Digest);
    }

    [Fact]
    public async Task One_differing_read_flag_changes_the_digest()
    {
        await FeedAsync(_one.Store, Scenario());
        await FeedAsync(_two.Store, Scenario());

        await _two.Store.Orders.ApplyAsync([MarkRead(Shared.Header.Id, "dave")]);

        var one = await _one.Store.ComputeDigestAsync("MD1");
        var two = await _two.Store.ComputeDigestAsync("MD2");
        Assert.Equal((one.Letters, one.InboxEntries), (two.Letters, two.InboxEntries));
        Assert.NotEqual(one.Digest, two.Digest);
    }

    [Fact]
    public async Task A_differing_body_changes_the_digest()
    {
        var altered = ToBob with { Message = "Just you!"u8.ToArray() };
        await FeedAsync(_one.Store, Scenario());
        await FeedAsync(_two.Store, Scenario(toBob: altered));

        Assert.NotEqual((await _one.Store.ComputeDigestAsync("MD1")).Digest, (await _two.Store.ComputeDigestAsync("MD1")).Digest);
    }

    [Fact]
    public async Task A_differing_user_or_list_changes_the_digest()
    {
        await FeedAsync(_one.Store, Scenario());
        await FeedAsync(_two.Store, Scenario());
        var before = (await _two.Store.ComputeDigestAsync("MD2")).Digest;

        await _two.Store.Orders.ApplyAsync([AddUser(User("carol", isAdmin: true))]);
        var adminChanged = (await _two.Store.ComputeDigestAsync("MD2")).Digest;
        await _two.Store.Orders.ApplyAsync([AddUser(User("carol")), AddList("staff", "bob")]);
        var listChanged = (await _two.Store.ComputeDigestAsync("MD2")).Digest;

        Assert.Equal((await _one.Store.ComputeDigestAsync("MD1")).Digest, before);
        Assert.NotEqual(before, adminChanged);
        Assert.NotEqual(before, listChanged);
    }

    [Fact]
    public async Task The_order_things_arrived_in_does_not_matter_once_the_mail_is_the_same()
    {
        await FeedAsync(_one.Store, Scenario());
        // Same steps, but each one's orders and deliveries reversed, and the list's members given the other way round.
        await FeedAsync(_two.Store, Scenario().Select(step => new Step(
            step.Orders.Select(o => o.Kind == OrderKind.AddList ? AddList(o.List!.Name, [.. o.List.Members.Reverse()]) : o).Reverse().ToList(),
            step.Deliveries.Reverse().ToList())).ToList());

        Assert.Equal((await _one.Store.ComputeDigestAsync("MD1")).Digest, (await _two.Store.ComputeDigestAsync("MD2")).Digest);
    }

    [Fact]
    public async Task The_WorkSpace_and_rank_records_are_not_part_of_the_mail()
    {
        await FeedAsync(_one.Store, Scenario());
        await FeedAsync(_two.Store, Scenario());

        await _two.Store.WorkSpace.InsertBogusAsync(Letter(["bob"]));
        await _two.Store.MasterDirectory.SaveAsync([Letter(["carol"])]);

        Assert.Equal((await _one.Store.ComputeDigestAsync("MD1")).Digest, (await _two.Store.ComputeDigestAsync("MD2")).Digest);
    }

    // Users and a list first, then both letters' orders, then their delivery, then a read and a delete.
    private static List<Step> Scenario(Letter? toBob = null) =>
    [
        new([.. AddUsers(["bob", "carol", "dave", "erin"]), AddList("staff", "dave", "bob", "carol")], []),
        new([Deliver(Shared), Deliver(toBob ?? ToBob)], []),
        new([], [Shared.Header.Id, (toBob ?? ToBob).Header.Id]),
        new([MarkRead(Shared.Header.Id, "bob"), Delete(Shared.Header.Id, "carol")], []),
    ];

    private static async Task FeedAsync(MailStore store, IReadOnlyList<Step> steps)
    {
        foreach (var step in steps)
        {
            await store.Orders.ApplyAsync(step.Orders);
            await store.WorkSpace.DeliverAsync(step.Deliveries);
        }
    }

    // A batch of orders, then a delivery run.
    private sealed record Step(IReadOnlyList<Order> Orders, IReadOnlyList<string> Deliveries);
}
