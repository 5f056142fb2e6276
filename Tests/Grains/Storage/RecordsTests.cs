using Maildriver.Grains.Protocol;
using static Maildriver.Tests.Grains.Storage.MailFactory;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>Cluster view, users, lists, and the Master's and Lieutenant's records.</summary>
public sealed class RecordsTests : IAsyncLifetime
{
    private SqliteMailStore _mail = null!;

    public async Task InitializeAsync() => _mail = await SqliteMailStore.CreateAsync();

    public async Task DisposeAsync() => await _mail.DisposeAsync();

    [Fact]
    public async Task The_cluster_view_is_absent_until_set_and_then_replaced()
    {
        Assert.Null(await _mail.Store.GetClusterViewAsync());

        await _mail.Store.SetClusterViewAsync(new ClusterView(1, "MD1", "MD2"));
        await _mail.Store.SetClusterViewAsync(new ClusterView(7, "MD3", "MD1"));

        Assert.Equal(new ClusterView(7, "MD3", "MD1"), await _mail.Store.GetClusterViewAsync());
        Assert.Equal(1, await _mail.CountAsync("cluster_view"));
    }

    [Fact]
    public async Task Users_and_lists_are_upserted_read_and_deleted()
    {
        await _mail.Store.Orders.ApplyAsync([AddUser(User("carol")), AddUser(User("alice", isAdmin: true)), AddUser(User("bob"))]);
        await _mail.Store.Orders.ApplyAsync([AddUser(new MailUser("bob", "new-hash", true)), AddList("staff", "bob", "alice"), AddList("all", "alice")]);
        await _mail.Store.Orders.ApplyAsync([AddList("staff", "carol"), DeleteList("all"), DeleteList("never-there")]);

        Assert.Equal(new MailUser("bob", "new-hash", true), await _mail.Store.Users.GetUserAsync("bob"));
        Assert.Null(await _mail.Store.Users.GetUserAsync("dave"));
        Assert.Equal(["alice", "bob", "carol"], (await _mail.Store.Users.GetUsersAsync()).Select(u => u.Name));
        Assert.Equal([true, true, false], (await _mail.Store.Users.GetUsersAsync()).Select(u => u.IsAdmin));
        Assert.Equal(3, await _mail.Store.Users.CountUsersAsync());
        Assert.Equal(["alice", "carol"], (await _mail.Store.Users.GetExistingUsersAsync(["carol", "dave", "alice", "carol"])).Order(StringComparer.Ordinal));

        var staff = await _mail.Store.Users.GetListAsync("staff");
        Assert.NotNull(staff);
        Assert.Equal(["carol"], staff.Members);
        Assert.Null(await _mail.Store.Users.GetListAsync("all"));
        Assert.Equal(["staff"], (await _mail.Store.Users.GetListsAsync()).Select(l => l.Name));
    }

    [Fact]
    public async Task Master_letters_round_trip_oldest_first_and_clear()
    {
        var later = Letter(["bob", "carol"], body: "later", sentAt: Start.AddMinutes(5));
        var earlier = Letter(["dave"], body: "earlier", sentAt: Start.AddMinutes(1));
        var gone = Letter(["erin"]);

        await _mail.Store.MasterDirectory.SaveAsync([later, earlier, gone]);
        await _mail.Store.MasterDirectory.SaveAsync([earlier]);
        await _mail.Store.MasterDirectory.DeleteAsync([gone.Header.Id, "MD9.404"]);

        var letters = await _mail.Store.MasterDirectory.GetAllAsync();
        Assert.Equal(2, letters.Count);
        WorkSpaceTests.AssertSameLetter(earlier, letters[0]);
        WorkSpaceTests.AssertSameLetter(later, letters[1]);

        await _mail.Store.MasterDirectory.ClearAsync();

        Assert.Empty(await _mail.Store.MasterDirectory.GetAllAsync());
        Assert.Null(await _mail.Store.Letters.FindLetterIdBySubmissionAsync(later.Header.SubmissionKey));
    }

    [Fact]
    public async Task Lieutenant_records_round_trip_by_seq_replace_by_op_id_and_clear()
    {
        await _mail.Store.LieutenantDirectory.SaveAsync(
        [
            new LieutenantRecord("op-c", 3, "Delete", """{"letterId":"MD1.3"}"""),
            new LieutenantRecord("op-a", 1, "Deliver", """{"letterId":"MD1.1"}"""),
            new LieutenantRecord("op-b", 2, "MarkRead", "{}"),
        ]);
        await _mail.Store.LieutenantDirectory.SaveAsync([new LieutenantRecord("op-a", 4, "Deliver", """{"letterId":"MD1.9"}""")]);
        await _mail.Store.LieutenantDirectory.DeleteAsync(["op-b", "op-unknown"]);

        Assert.Equal(
            [new LieutenantRecord("op-c", 3, "Delete", """{"letterId":"MD1.3"}"""), new LieutenantRecord("op-a", 4, "Deliver", """{"letterId":"MD1.9"}""")],
            await _mail.Store.LieutenantDirectory.GetAllAsync());

        await _mail.Store.LieutenantDirectory.ClearAsync();

        Assert.Empty(await _mail.Store.LieutenantDirectory.GetAllAsync());
    }
}
