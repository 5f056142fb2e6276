using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Server;

/// <summary>Letters as clients see them: with its message, a letter shows its text and lists its attachments.</summary>
internal static class LetterViews
{
    /// <summary>
    /// The view of an inbox entry; without its message (a list), no text, attachments or message. The text and the
    /// attachments come from <paramref name="contents"/>, which reads each letter's message once.
    /// </summary>
    public static LetterView Of(InboxEntry entry, LetterContents contents)
    {
        var header = entry.Header;
        if (entry.Message is not { } bytes)
        {
            return new LetterView(
                header.Id, header.From, header.To, header.Subject, header.SentAt, null, entry.Read,
                Uid: entry.Uid, UidValidity: entry.UidValidity, Flagged: entry.Flags.HasFlag(LetterFlags.Flagged), Answered: entry.Flags.HasFlag(LetterFlags.Answered),
                Size: header.Size);
        }

        var (text, attachments) = contents.Of(header.Id, bytes);
        return new LetterView(
            header.Id, header.From, header.To, header.Subject, header.SentAt, text, entry.Read,
            attachments, bytes,
            entry.Uid, entry.UidValidity, entry.Flags.HasFlag(LetterFlags.Flagged), entry.Flags.HasFlag(LetterFlags.Answered), header.Size);
    }
}
