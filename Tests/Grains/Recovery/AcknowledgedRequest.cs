using Maildriver.Grains.Master;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;

namespace Maildriver.Tests.Grains.Recovery;

/// <summary>
/// One kind of request the client is acknowledged for, as the durability tests use it: what must exist before it
/// (arranged through MD1 and settled), how to make it through a chosen machine, and how to tell whether it has taken
/// effect on one machine, from that machine's store and through that machine's own server.
/// </summary>
internal sealed class AcknowledgedRequest(string kind)
{
    public const string Send = "send";
    public const string Delete = "delete";
    public const string Read = "read flag";
    public const string AddUser = "add user";
    public const string DeleteUser = "delete user";
    public const string AddList = "add list";
    public const string DeleteList = "delete list";

    /// <summary>Every kind, in the order of the README's table.</summary>
    public static readonly IReadOnlyList<string> Kinds = [Send, Delete, Read, AddUser, DeleteUser, AddList, DeleteList];

    private const string Recipient = "bob";
    private const string NewUser = "carol";
    private const string List = "team";
    private static readonly string[] ListMembers = ["alice", "bob"];

    private string? _letterId;

    public string Kind => kind;

    /// <summary>Whether the request is a send (its origin keeps a bogus protoletter, not the effect, until the Master says).</summary>
    public bool IsSend => kind == Send;

    /// <summary>What the request needs before it is made: a letter in bob's inbox everywhere, the user or list to delete.</summary>
    public async Task ArrangeAsync(MailTestCluster mail)
    {
        var admin = await mail.AdminTokenAsync("MD1");
        switch (kind)
        {
            case Delete or Read:
                var alice = await mail.LoginAsync("alice", "MD1");
                _letterId = (await mail.Server("MD1").Send(alice, new SendRequest([Recipient], "arranged", "to be deleted or read", "arranged"))).Id;
                break;
            case DeleteUser:
                await mail.Server("MD1").AddUser(admin, NewUser, $"{NewUser}-pw", isAdmin: false);
                break;
            case DeleteList:
                await mail.Server("MD1").AddList(admin, List, ListMembers);
                break;
        }
    }

    /// <summary>Makes the request through <paramref name="via"/>'s server; returns when the client has its acknowledgement.</summary>
    public async Task ActAsync(MailTestCluster mail, string via)
    {
        var server = mail.Server(via);
        switch (kind)
        {
            case Send:
                var alice = await mail.LoginAsync("alice", via);
                _letterId = (await server.Send(alice, new SendRequest([Recipient], "acknowledged", "then a crash", "acknowledged"))).Id;
                break;
            case Delete:
                Assert.Equal([_letterId!], (await server.Delete(await mail.LoginAsync(Recipient, via), [_letterId!])).Deleted);
                break;
            case Read:
                Assert.True((await server.Read(await mail.LoginAsync(Recipient, via), _letterId!)).Read);
                break;
            case AddUser:
                await server.AddUser(await mail.AdminTokenAsync(via), NewUser, $"{NewUser}-pw", isAdmin: false);
                break;
            case DeleteUser:
                await server.DeleteUser(await mail.AdminTokenAsync(via), NewUser);
                break;
            case AddList:
                await server.AddList(await mail.AdminTokenAsync(via), List, ListMembers);
                break;
            case DeleteList:
                await server.DeleteList(await mail.AdminTokenAsync(via), List);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown request kind");
        }
    }

    /// <summary>
    /// Asserts the durable copies the README's table names, at the moment of the acknowledgement (the cluster was
    /// settled first, so the Lieutenant's records are this request's alone). A send: the letter whole in the
    /// Master's directory, its header at the Lieutenant, and the origin's protoletter, still bogus unless the origin
    /// is the Master's own machine. Any other request: the Lieutenant's record, and the origin's own store already
    /// changed; the Master holds it in memory only.
    /// </summary>
    public async Task AssertDurableCopiesAsync(MailTestCluster mail, string master, string lieutenant, string via)
    {
        var records = (await mail.Store(lieutenant).LieutenantDirectory.GetAllAsync()).Where(r => r.Kind != LieutenantRecords.DeadKind).ToList();
        if (IsSend)
        {
            Assert.Contains(records, r => r.OpId == _letterId && r.Kind == LieutenantRecords.SendKind);
            Assert.Contains(await mail.Store(master).MasterDirectory.GetAllAsync(), l => l.Header.Id == _letterId);
            Assert.NotNull(await mail.Store(via).Letters.FindLetterAsync(_letterId!));
            if (via != master)
            {
                Assert.Contains((_letterId!, ProtoletterState.Bogus), await mail.Store(via).WorkSpace.FindProtolettersForUserAsync(Recipient));
            }

            return;
        }

        Assert.Contains(records, r => r.Kind == LieutenantRecords.RequestKind);
        Assert.True(await TookEffectAsync(mail, via), $"{via} acknowledged the '{kind}' before applying it to its own store");
    }

    /// <summary>Whether the request has taken effect in <paramref name="machine"/>'s store (a local read).</summary>
    public async Task<bool> TookEffectAsync(MailTestCluster mail, string machine)
    {
        var store = mail.Store(machine);
        return kind switch
        {
            Send => await store.Inboxes.GetInboxEntryAsync(Recipient, _letterId!) is not null,
            Delete => await store.Inboxes.GetInboxEntryAsync(Recipient, _letterId!) is null,
            Read => await store.Inboxes.GetInboxEntryAsync(Recipient, _letterId!) is { Read: true },
            AddUser => await store.Users.GetUserAsync(NewUser) is not null,
            DeleteUser => await store.Users.GetUserAsync(NewUser) is null,
            AddList => await store.Users.GetListAsync(List) is { } list && list.Members.Order().SequenceEqual(ListMembers),
            DeleteList => await store.Users.GetListAsync(List) is null,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown request kind"),
        };
    }

    /// <summary>Asserts the request took effect on <paramref name="machine"/>, through that machine's own server where the client API shows it.</summary>
    public async Task AssertTookEffectAsync(MailTestCluster mail, string machine)
    {
        var server = mail.Server(machine);
        switch (kind)
        {
            case Send or Delete or Read:
                var inbox = await server.List(await mail.LoginAsync(Recipient, machine));
                var copies = inbox.Where(l => l.Id == _letterId).ToList();
                switch (kind)
                {
                    case Send:
                        Assert.True(copies.Count == 1, $"{machine}: bob has {copies.Count} copies of the acknowledged letter, not one");
                        break;
                    case Delete:
                        Assert.True(copies.Count == 0, $"{machine}: bob's acknowledged delete did not take effect; the letter is still in his inbox");
                        break;
                    default:
                        Assert.True(copies is [{ Read: true }], $"{machine}: bob's letter is not marked read");
                        break;
                }

                break;
            case AddUser:
                Assert.Equal(NewUser, (await server.Login(NewUser, $"{NewUser}-pw")).User);
                break;
            case DeleteUser:
                await Assert.ThrowsAsync<RequestRefusedException>(() => server.Login(NewUser, $"{NewUser}-pw"));
                break;
            default:
                Assert.True(await TookEffectAsync(mail, machine), $"{machine}: the acknowledged '{kind}' did not take effect");
                break;
        }
    }

    public override string ToString() => kind;
}
