using MimeKit;

namespace Maildriver.Grains.Mime;

/// <summary>
/// What a person sees of a letter: its text (the text part, or the HTML part as text when there is none) and its
/// attachments, numbered from 1 in the order of the message.
/// </summary>
public static class LetterContent
{
    /// <summary>
    /// The text to show, lines ending in <c>\n</c> (in the message they end in CRLF): the plain-text body, else the
    /// HTML body as text, else nothing (a letter that is only attachments).
    /// </summary>
    public static string TextOf(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.TextBody ?? (message.HtmlBody is { } html ? HtmlText.Convert(html) : string.Empty);
        return text.ReplaceLineEndings("\n");
    }

    /// <summary>The attachments, in order: attachment N of the list is <c>[N - 1]</c>.</summary>
    public static IReadOnlyList<LetterAttachment> AttachmentsOf(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parts = message.Attachments.ToList();
        var result = new List<LetterAttachment>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            using var counter = new CountingStream();
            WriteContent(parts[i], counter);
            result.Add(new LetterAttachment(NameOf(parts[i], i + 1), parts[i].ContentType.MimeType, counter.Length));
        }

        return result;
    }

    /// <summary>Writes attachment <paramref name="number"/> (from 1), decoded, to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The letter has no attachment of that number.</exception>
    public static void WriteAttachment(MimeMessage message, int number, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(destination);
        var parts = message.Attachments.ToList();
        if (number < 1 || number > parts.Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(number), number, parts.Count == 0 ? "the letter has no attachments" : $"the letter's attachments are numbered 1 to {parts.Count}");
        }

        WriteContent(parts[number - 1], destination);
    }

    private static string NameOf(MimeEntity part, int number)
    {
        var name = part switch
        {
            MimePart mime => mime.FileName,
            _ => part.ContentDisposition?.FileName ?? part.ContentType.Name,
        };

        // A name is only a suggestion: no directories, so nothing is written outside where the user saves it.
        return string.IsNullOrWhiteSpace(name) ? $"attachment-{number}" : Path.GetFileName(name.Replace('\\', '/'));
    }

    private static void WriteContent(MimeEntity part, Stream destination)
    {
        switch (part)
        {
            case MimePart { Content: { } content }:
                content.DecodeTo(destination);
                break;
            case MessagePart { Message: { } attached }:
                // An attached letter is saved as the message it is (.eml).
                var bytes = LetterMessages.ToBytes(attached);
                destination.Write(bytes);
                break;
        }
    }
}
