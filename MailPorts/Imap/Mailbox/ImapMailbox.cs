using Maildriver.Grains.Protocol;
using Maildriver.MailPorts.Imap.Syntax;

namespace Maildriver.MailPorts.Imap.Mailbox;

/// <summary>
/// The selected mailbox (INBOX, the user's inbox on this machine): its messages numbered 1..n in UID order (RFC
/// 3501 section 2.3.1.2), renumbered only when the client is told of an expunge.
/// </summary>
internal sealed class ImapMailbox
{
    private List<ImapMessage> _messages;
    private Task<IReadOnlyList<MailboxEntry>>? _letters;
    private readonly int _counted;
    private readonly int? _firstUnseenCounted;

    private ImapMailbox(MailboxSnapshot snapshot, bool readOnly)
    {
        _messages = snapshot.Letters.Select(l => new ImapMessage(l)).ToList();
        UidValidity = snapshot.UidValidity;
        UidNext = snapshot.UidNext;
        ReadOnly = readOnly;
    }

    private ImapMailbox(MailboxOpening opening, Task<IReadOnlyList<MailboxEntry>> letters, bool readOnly)
    {
        _messages = [];
        _letters = letters;
        Ticket = opening.Ticket;
        (_counted, _firstUnseenCounted) = (opening.Exists, opening.FirstUnseen);
        UidValidity = opening.UidValidity;
        UidNext = opening.UidNext;
        ReadOnly = readOnly;
    }

    /// <summary>The mailbox's UIDVALIDITY.</summary>
    public long UidValidity { get; }

    /// <summary>The next UID as last seen.</summary>
    public long UidNext { get; private set; }

    /// <summary>Whether it was opened with EXAMINE: nothing may change through it, not even <c>\Seen</c>.</summary>
    public bool ReadOnly { get; }

    /// <summary>The ticket its letters are read under, when it was opened on counts.</summary>
    public Guid? Ticket { get; }

    /// <summary>Whether its messages are here; until <see cref="LoadAsync"/>, only the counts SELECT tells are.</summary>
    public bool IsLoaded => _letters is null;

    /// <summary>The number of messages (EXISTS).</summary>
    public int Count => IsLoaded ? _messages.Count : _counted;

    /// <summary>Messages not yet <c>\Seen</c>.</summary>
    public int UnseenCount => Loaded.Count(m => !m.Letter.Read);

    /// <summary>The sequence number of the first unseen message, or null (SELECT's <c>UNSEEN</c>).</summary>
    public int? FirstUnseen => !IsLoaded ? _firstUnseenCounted : _messages.FindIndex(m => !m.Letter.Read) is var i and >= 0 ? i + 1 : null;

    /// <summary>The messages with their sequence numbers.</summary>
    public IEnumerable<(int Number, ImapMessage Message)> All => Loaded.Select((m, i) => (i + 1, m));

    // Every use of the messages goes through here: one before LoadAsync is a bug of the session, not the client's.
    private List<ImapMessage> Loaded => IsLoaded ? _messages : throw new InvalidOperationException("the selected mailbox's letters are not loaded yet");

    /// <summary>Opens a mailbox on <paramref name="snapshot"/>, its messages all there.</summary>
    public static ImapMailbox Open(MailboxSnapshot snapshot, bool readOnly) => new(snapshot, readOnly);

    /// <summary>
    /// Opens a mailbox on <paramref name="opening"/>'s counts, its messages <paramref name="letters"/> once they come:
    /// <see cref="LoadAsync"/> waits for them.
    /// </summary>
    public static ImapMailbox Open(MailboxOpening opening, Task<IReadOnlyList<MailboxEntry>> letters, bool readOnly)
    {
        ArgumentNullException.ThrowIfNull(opening);
        ArgumentNullException.ThrowIfNull(letters);
        return new(opening, letters, readOnly);
    }

    /// <summary>
    /// Waits for the messages of a mailbox opened on counts. They must be the messages counted, as many as the client
    /// was told exist, or the client's sequence numbers would name other letters than it thinks: then it fails.
    /// </summary>
    public async Task LoadAsync()
    {
        if (_letters is not { } pending)
        {
            return;
        }

        var letters = await pending.ConfigureAwait(false);
        if (letters.Count != _counted)
        {
            throw new InvalidOperationException($"the mailbox was opened with {_counted} letters and {letters.Count} came");
        }

        _messages = letters.Select(l => new ImapMessage(l)).ToList();
        _letters = null;
    }

    /// <summary>
    /// The messages <paramref name="set"/> names, in sequence order: by sequence number, or by UID when
    /// <paramref name="byUid"/>. By UID, numbers of no message are simply left out (RFC 3501 section 6.4.8); by
    /// sequence number one beyond the mailbox is an error (section 9, <c>seq-number</c>).
    /// </summary>
    public IReadOnlyList<(int Number, ImapMessage Message)> Resolve(SequenceSet set, bool byUid)
    {
        ArgumentNullException.ThrowIfNull(set);
        var messages = Loaded;
        if (byUid)
        {
            // "*" is the largest UID in use; in an empty mailbox, "n:*" names no message.
            var largest = messages.Count == 0 ? 0 : messages[^1].Uid;
            return All.Where(x => set.Contains(x.Message.Uid, largest)).ToList();
        }

        if (messages.Count == 0 || set.HighestNumber > messages.Count)
        {
            throw new ImapSyntaxException(messages.Count == 0 ? "no such message: the mailbox is empty" : "no such message: the sequence set goes beyond the mailbox");
        }

        return All.Where(x => set.Contains(x.Number, messages.Count)).ToList();
    }

    /// <summary>Takes in the machine's inbox as it is now; what changed is what the client must be told.</summary>
    public MailboxChanges Update(MailboxSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var messages = Loaded;
        var now = snapshot.Letters.ToDictionary(l => l.Uid);
        var expunged = new List<int>();
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (!now.ContainsKey(messages[i].Uid))
            {
                expunged.Add(i + 1);
                messages.RemoveAt(i);
            }
        }

        var changed = new List<int>();
        for (var i = 0; i < messages.Count; i++)
        {
            var fresh = now[messages[i].Uid];
            var old = messages[i].Letter;
            if ((fresh.Read, fresh.Flagged, fresh.Answered) != (old.Read, old.Flagged, old.Answered))
            {
                changed.Add(i + 1);
            }

            messages[i].Letter = fresh;
        }

        // Only letters above the highest known UID are new: the invariant (README, "IMAP's UIDs and flags") is that
        // a machine never shows a letter below a UID it already showed.
        var highest = messages.Count == 0 ? 0 : messages[^1].Uid;
        var before = messages.Count;
        messages.AddRange(snapshot.Letters.Where(l => l.Uid > highest).OrderBy(l => l.Uid).Select(l => new ImapMessage(l)));
        UidNext = Math.Max(UidNext, snapshot.UidNext);
        return new MailboxChanges(expunged, changed, messages.Count != before || expunged.Count > 0 ? messages.Count : null);
    }

    /// <summary>Removes the messages marked <c>\Deleted</c> whose letters are gone; their numbers as told, highest first.</summary>
    public IReadOnlyList<int> Remove(IReadOnlySet<long> uids)
    {
        var messages = Loaded;
        var gone = new List<int>();
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (uids.Contains(messages[i].Uid))
            {
                gone.Add(i + 1);
                messages.RemoveAt(i);
            }
        }

        return gone;
    }
}
