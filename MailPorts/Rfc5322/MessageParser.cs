using System.Text;

namespace Maildriver.MailPorts.Rfc5322;

/// <summary>Reads a submitted message (RFC 5322 with MIME) into a letter's subject and body.</summary>
public static class MessageParser
{
    /// <summary>The longest subject a letter may have (a header line's limit in RFC 5322; the client API's too).</summary>
    public const int MaxSubjectLength = 998;

    /// <summary>Parses <paramref name="message"/>, the text of an SMTP DATA (already un-stuffed).</summary>
    public static ParsedMessage Parse(ReadOnlySpan<byte> message)
    {
        var headers = HeaderSection.Parse(message);
        var subject = OneLine(EncodedWords.Decode(headers["Subject"] ?? string.Empty));
        var body = MimeText.Extract(headers, message[headers.BodyOffset..]);
        return new ParsedMessage(subject, body, MessageIdOf(headers["Message-ID"]));
    }

    // A subject is one line: control characters (a decoded encoded-word may carry a line break) become spaces, and
    // an over-long one is cut rather than the letter refused, never inside a surrogate pair.
    private static string OneLine(string subject)
    {
        var builder = new StringBuilder(subject.Length);
        foreach (var c in subject.Trim())
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        if (builder.Length > MaxSubjectLength)
        {
            var cut = char.IsHighSurrogate(builder[MaxSubjectLength - 1]) ? MaxSubjectLength - 1 : MaxSubjectLength;
            builder.Length = cut;
        }

        return builder.ToString();
    }

    private static string? MessageIdOf(string? value)
    {
        var id = value?.Trim();
        if (id is { Length: > 0 } && id[0] == '<')
        {
            var close = id.IndexOf('>', StringComparison.Ordinal);
            id = close > 0 ? id[1..close] : id[1..];
        }

        return string.IsNullOrEmpty(id) || id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? null : id;
    }
}
