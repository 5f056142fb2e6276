using Maildriver.Grains.Protocol;
using Maildriver.MailPorts.Imap.Syntax;

namespace Maildriver.MailPorts.Imap.Mailbox;

/// <summary>
/// The selected mailbox (INBOX, the user's inbox on this machine): its messages numbered 1..n in UID order (RFC
/// 3501 section 2.3.1.2), renumbered only when the client is told of an expunge.
/// </summary>
internal sealed class ImapMailbox
{
    private readonly List<ImapMessage> _messages;

    private ImapMailbox(MailboxSnapshot snapshot, bool readOnly)
    {
        _messages = snapshot.Letters.Select(l => new ImapMessage(l)).ToList();
        UidValidity = snapshot.UidValidity;
        UidNext = snapshot.UidNext;
        ReadOnly = readOnly;
    }

    /// <summary>The mailbox's UIDVALIDITY.</summary>
    public long UidValidity { get; }

    /// <summary>The next UID as last seen.</summary>
    public long UidNext { get; private set; }

    /// <summary>Whether it was opened with EXAMINE: nothing may change through it, not even <c>\Seen</c>.</summary>
    public bool ReadOnly { get; }

    /// <summary>The number of messages (EXISTS).</summary>
    public int Count => _messages.Count;

    /// <summary>Messages not yet <c>\Seen</c>.</summary>
    public int UnseenCount => _messages.Count(m => !m.Letter.Read);

    /// <summary>The sequence number of the first unseen message, or null (SELECT's <c>UNSEEN</c>).</summary>
    public int? FirstUnseen => _messages.FindIndex(m => !m.Letter.Read) is var i and >= 0 ? i + 1 : null;

    /// <summary>The messages with their sequence numbers.</summary>
    public IEnumerable<(int Number, ImapMessage Message)> All => _messages.Select((m, i) => (i + 1, m));

    /// <summary>Opens a mailbox on <paramref name="snapshot"/>.</summary>
    public static ImapMailbox Open(MailboxSnapshot snapshot, bool readOnly) => new(snapshot, readOnly);

    /// <summary>
    /// The messages <paramref name="set"/> names, in sequence order: by sequence number, or by UID when
    /// <paramref name="byUid"/>. By UID, numbers of no message are simply left out (RFC 3501 section 6.4.8); by
    /// sequence number one beyond the mailbox is an error (section 9, <c>seq-number</c>).
    /// </summary>
    public IReadOnlyList<(int Number, ImapMessage Message)> Resolve(SequenceSet set, bool byUid)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (byUid)
        {
            // "*" is the largest UID in use; in an empty mailbox, "n:*" names no message.
            var largest = _messages.Count == 0 ? 0 : _messages[^1].Uid;
            return All.Where(x => set.Contains(x.Message.Uid, largest)).ToList();
        }

        if (_messages.Count == 0 || set.HighestNumber > _messages.Count)
        {
            throw new ImapSyntaxException(_messages.Count == 0 ? "no such message: the mailbox is empty" : "no such message: the sequence set goes beyond the mailbox");
        }

        return All.Where(x => set.Contains(x.Number, _messages.Count)).ToList();
    }

    /// <summary>Takes in the machine's inbox as it is now; what changed is what the client must be told.</summary>
    public MailboxChanges Update(MailboxSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var now = snapshot.Letters.ToDictionary(l => l.Uid);
        var expunged = new List<int>();
        for (var i = _messages.Count - 1; i >= 0; i--)
        {
            if (!now.ContainsKey(_messages[i].Uid))
            {
                expunged.Add(i + 1);
                _messages.RemoveAt(i);
            }
        }

        var changed = new List<int>();
        for (var i = 0; i < _messages.Count; i++)
        {
            var fresh = now[_messages[i].Uid];
            var old = _messages[i].Letter;
            if ((fresh.Read, fresh.Flagged, fresh.Answered) != (old.Read, old.Flagged, old.Answered))
            {
                changed.Add(i + 1);
            }

            _messages[i].Letter = fresh;
        }

        // Only letters above the highest known UID are new: the invariant (README, "IMAP's UIDs and flags") is that
        // a machine never shows a letter below a UID it already showed.
        var highest = _messages.Count == 0 ? 0 : _messages[^1].Uid;
        var before = _messages.Count;
        _messages.AddRange(snapshot.Letters.Where(l => l.Uid > highest).OrderBy(l => l.Uid).Select(l => new ImapMessage(l)));
        UidNext = Math.Max(UidNext, snapshot.UidNext);
        return new MailboxChanges(expunged, changed, _messages.Count != before || expunged.Count > 0 ? _messages.Count : null);
    }

    /// <summary>Removes the messages marked <c>\Deleted</c> whose letters are gone; their numbers as told, highest first.</summary>
    public IReadOnlyList<int> Remove(IReadOnlySet<long> uids)
    {
        var gone = new List<int>();
        for (var i = _messages.Count - 1; i >= 0; i--)
        {
            if (uids.Contains(_messages[i].Uid))
            {
                gone.Add(i + 1);
                _messages.RemoveAt(i);
            }
        }

        return gone;
    }
}
