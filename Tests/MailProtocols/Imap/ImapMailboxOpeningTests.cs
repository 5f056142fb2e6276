using Maildriver.Grains.Protocol;
using Maildriver.MailPorts.Imap.Mailbox;
using Maildriver.MailPorts.Imap.Syntax;

namespace Maildriver.Tests.MailProtocols.Imap;

/// <summary>
/// A mailbox SELECT opened on counts (issue 17): it tells the counts until its letters come, gives no message before,
/// and refuses letters that are not the ones counted, so that no sequence number can name the wrong letter.
/// </summary>
public sealed class ImapMailboxOpeningTests
{
    private static readonly MailboxOpening Counted = new(Guid.NewGuid(), UidValidity: 7, UidNext: 12, Exists: 2, FirstUnseen: 2);

    [Fact]
    public async Task The_counts_stand_until_the_letters_come_and_the_letters_then_answer()
    {
        var letters = new TaskCompletionSource<IReadOnlyList<MailboxEntry>>();
        var mailbox = ImapMailbox.Open(Counted, letters.Task, readOnly: false);

        Assert.False(mailbox.IsLoaded);
        Assert.Equal((2, (int?)2, 7L, 12L), (mailbox.Count, mailbox.FirstUnseen, mailbox.UidValidity, mailbox.UidNext));
        Assert.Throws<InvalidOperationException>(() => mailbox.Resolve(SequenceSet.Parse("1:*"), byUid: false));
        Assert.Throws<InvalidOperationException>(() => mailbox.All.ToList());

        var load = mailbox.LoadAsync();
        Assert.False(load.IsCompleted);
        letters.SetResult([new MailboxEntry("MD1.1", 4, true, false, false), new MailboxEntry("MD1.2", 9, false, true, false)]);
        await load;

        Assert.True(mailbox.IsLoaded);
        Assert.Equal((2, (int?)2), (mailbox.Count, mailbox.FirstUnseen));
        Assert.Equal([(1, 4L), (2, 9L)], mailbox.Resolve(SequenceSet.Parse("1:*"), byUid: false).Select(x => (x.Number, x.Message.Uid)));
    }

    [Fact]
    public async Task Letters_other_than_those_counted_are_refused_and_leave_the_mailbox_unloaded()
    {
        var mailbox = ImapMailbox.Open(Counted, Task.FromResult<IReadOnlyList<MailboxEntry>>([new MailboxEntry("MD1.1", 4, true, false, false)]), readOnly: false);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(mailbox.LoadAsync);

        Assert.Contains("opened with 2 letters and 1 came", refused.Message, StringComparison.Ordinal);
        Assert.False(mailbox.IsLoaded);
    }
}
