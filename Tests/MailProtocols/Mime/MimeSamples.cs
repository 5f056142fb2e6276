using System.Text;
using Maildriver.Grains.Mime;
using MimeKit;

namespace Maildriver.Tests.MailProtocols.Mime;

/// <summary>Messages as mail clients write them, built with MimeKit (as MailKit's clients send them).</summary>
internal static class MimeSamples
{
    public const string Subject = "Grüße aus Zürich — 日本語";
    public const string Text = "Dear Bob,\n\nthe minutes are attached.\n";
    public const string Html = "<html><head><style>p{}</style></head><body><p>Dear <b>Bob</b>,</p><p>the minutes &amp; more.</p></body></html>";

    /// <summary>A PDF-ish attachment with every byte value, so any re-encoding would show.</summary>
    public static byte[] Attachment { get; } = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7 % 256)).ToArray();

    /// <summary>Text with an HTML alternative, one attachment and a non-ASCII subject.</summary>
    public static MimeMessage Rich(string from = "alice@maildriver.local", string to = "bob@maildriver.local", string? messageId = null)
    {
        var builder = new BodyBuilder { TextBody = Text, HtmlBody = Html };
        builder.Attachments.Add("minutes.pdf", Attachment, new ContentType("application", "pdf"));
        var message = new MimeMessage { Subject = Subject, Body = builder.ToMessageBody() };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        if (messageId is not null)
        {
            message.MessageId = messageId;
        }

        return message;
    }

    /// <summary>An HTML-only letter.</summary>
    public static byte[] HtmlOnly()
    {
        var message = new MimeMessage { Subject = "html", Body = new TextPart("html") { Text = Html } };
        message.From.Add(MailboxAddress.Parse("alice@maildriver.local"));
        return LetterMessages.ToBytes(message);
    }

    public static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
