namespace Maildriver.Grains.Storage;

/// <summary>
/// What one write transaction adds to and removes from its machine's <see cref="MailFigures"/>: every statement that
/// inserts or deletes users, letters, inbox rows or protoletters adds the rows it changed (and, for letters, their
/// sizes) here; the sum is applied when the transaction commits and dropped when it rolls back.
/// </summary>
internal sealed class MailFiguresChange
{
    /// <summary>Users added, less users deleted.</summary>
    public long Users { get; set; }

    /// <summary>Letter bodies stored, less bodies reclaimed.</summary>
    public long Letters { get; set; }

    /// <summary>The sizes of the letters stored, less those of the letters reclaimed.</summary>
    public long LetterBytes { get; set; }

    /// <summary>Inbox rows added, less inbox rows deleted.</summary>
    public long InboxEntries { get; set; }

    /// <summary>Protoletters written, less protoletters delivered or dropped.</summary>
    public long Protoletters { get; set; }

    /// <summary>The transaction replaces the store's contents wholesale (a snapshot import): count it again afterwards.</summary>
    public bool Recount { get; set; }

    /// <summary>Nothing to apply.</summary>
    public bool IsEmpty => Users == 0 && Letters == 0 && LetterBytes == 0 && InboxEntries == 0 && Protoletters == 0 && !Recount;
}
