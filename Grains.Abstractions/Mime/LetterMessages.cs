using System.Text;
using MimeKit;

namespace Maildriver.Grains.Mime;

/// <summary>
/// A letter's stored body is its RFC 5322 message: these read and write one with MimeKit. Written bytes always end
/// lines with CRLF, as RFC 5322 and the mail protocols want (MimeKit's default on Linux is LF).
/// </summary>
public static class LetterMessages
{
    private static readonly FormatOptions Format = CreateFormat();

    /// <summary>
    /// Parses a stored message. Any bytes give a message: what MimeKit cannot read as one (nothing at all, or no
    /// header it can parse, as SMTP may be sent) is a message with no headers whose body is those bytes as text.
    /// </summary>
    public static MimeMessage Parse(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var stream = new MemoryStream(message, writable: false);
        try
        {
            return MimeMessage.Load(stream);
        }
        catch (FormatException)
        {
            // Not MimeMessage(): that one invents a Date and a Message-ID, and a retried submission must look the same.
            return new MimeMessage((IEnumerable<Header>)[]) { Body = new TextPart("plain") { Text = Encoding.UTF8.GetString(message) } };
        }
    }

    /// <summary>
    /// The header of a stored message only, read as <see cref="Parse"/> reads it (what MimeKit cannot read as a
    /// header is no header at all), for what a letter's header alone says (its Message-ID, its subject) without
    /// parsing the body: SMTP submission reads both for every letter.
    /// </summary>
    public static MimeMessage ParseHeaders(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var stream = new MemoryStream(message, writable: false);
        HeaderList headers;
        try
        {
            headers = HeaderList.Load(stream);
        }
        catch (FormatException)
        {
            headers = [];
        }

        // MimeKit reads the Message-ID, the subject and the rest from the header list when asked, as after a parse.
        return new MimeMessage((IEnumerable<Header>)headers);
    }

    /// <summary>The message's bytes, with CRLF line ends.</summary>
    public static byte[] ToBytes(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var stream = new MemoryStream();
        message.WriteTo(Format, stream);
        return stream.ToArray();
    }

    /// <summary>
    /// A plain-text letter, as the CLI and the reader send them: <c>From</c>, <c>To</c> (every recipient, lists
    /// expanded), <c>Subject</c>, <c>Date</c>, <c>Message-ID</c>, and one quoted-printable <c>text/plain;
    /// charset=utf-8</c> part whose text reads back exactly. The same arguments give the same bytes.
    /// </summary>
    public static byte[] PlainText(MailDomain domain, string from, IReadOnlyList<string> to, string subject, string text, DateTimeOffset date, string messageId)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(to);
        var body = new TextPart("plain") { Text = text ?? string.Empty };
        body.ContentType.Charset = "utf-8";
        // Quoted-printable keeps the text exactly (7bit and 8bit would add a line end to a text without a last one)
        // while an ASCII letter stays readable as it is; the message is ASCII whatever the text.
        body.ContentTransferEncoding = ContentEncoding.QuotedPrintable;
        var message = new MimeMessage
        {
            Subject = subject ?? string.Empty,
            Date = date,
            MessageId = messageId,
            Body = body,
        };
        message.From.Add(domain.AddressOf(from));
        message.To.AddRange(to.Select(domain.AddressOf));
        return ToBytes(message);
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
