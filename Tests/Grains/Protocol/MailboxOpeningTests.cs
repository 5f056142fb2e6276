using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;

namespace Maildriver.Tests.Grains.Protocol;

/// <summary>
/// IMAP's SELECT through the client API (issue 17): <c>Open</c> counts the inbox, <c>OpenedLetters</c> gives the
/// letters counted, once, to the user who opened it, on the machine that opened it; <c>CloseOpened</c> gives them up.
/// </summary>
public sealed class MailboxOpeningTests
{
    [Fact]
    public async Task An_opened_inbox_gives_its_letters_once_to_its_user_on_its_machine()
    {
        await using var mail = await MailTestCluster.StartAsync();
        await mail.AddUsersAsync("alice", "bob");
        var alice = await mail.LoginAsync("alice", "MD1");
        var first = await mail.Server("MD1").Send(alice, new SendRequest(["bob"], "one", "the body", "o1"));
        var second = await mail.Server("MD1").Send(alice, new SendRequest(["bob"], "two", "the body", "o2"));
        await mail.AssertConsistentAsync();
        var bob = await mail.LoginAsync("bob", "MD2");
        await mail.Server("MD2").Read(bob, first.Id);
        await mail.AssertConsistentAsync();

        var opening = await mail.Server("MD2").Open(bob);
        var examined = await mail.Server("MD2").Examine(bob);
        Assert.Equal((2, (int?)2, examined.UidValidity, examined.UidNext), (opening.Exists, opening.FirstUnseen, opening.UidValidity, opening.UidNext));

        // Another user's ticket and another machine's are refused, and refusing it does not spend it.
        var aliceOnMd2 = await mail.LoginAsync("alice", "MD2");
        Assert.Contains("select it again", (await Assert.ThrowsAsync<RequestRefusedException>(() => mail.Server("MD2").OpenedLetters(aliceOnMd2, opening.Ticket))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RequestRefusedException>(() => mail.Server("MD3").OpenedLetters(bob, opening.Ticket));

        Assert.Equal(examined.Letters, await mail.Server("MD2").OpenedLetters(bob, opening.Ticket));
        Assert.Equal([first.Id, second.Id], examined.Letters.Select(l => l.Id));
        await Assert.ThrowsAsync<RequestRefusedException>(() => mail.Server("MD2").OpenedLetters(bob, opening.Ticket));

        // Closed by another user, it stays; closed by its own, its letters are given up.
        var closed = await mail.Server("MD2").Open(bob);
        await mail.Server("MD2").CloseOpened(aliceOnMd2, closed.Ticket);
        var kept = await mail.Server("MD2").Open(bob);
        await mail.Server("MD2").CloseOpened(aliceOnMd2, kept.Ticket);
        Assert.Equal(examined.Letters, await mail.Server("MD2").OpenedLetters(bob, kept.Ticket));
        await mail.Server("MD2").CloseOpened(bob, closed.Ticket);
        await Assert.ThrowsAsync<RequestRefusedException>(() => mail.Server("MD2").OpenedLetters(bob, closed.Ticket));
    }
}
