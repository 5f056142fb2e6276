using System.Text;
using Maildriver.MailPorts.Imap.Responses;
using MimeKit;
using MimeKit.Utils;

namespace Maildriver.MailPorts.Imap.Fetch;

/// <summary>
/// A message's ENVELOPE (RFC 3501 section 7.4.2) from its header: date, subject, from, sender, reply-to, to, cc,
/// bcc, in-reply-to, message-id, each the first field of its name (<see cref="HeaderFieldReader"/>), addresses as
/// MimeKit parses them. Strings are the header's own text, unfolded (encoded words stay encoded, as the RFC wants);
/// sender and reply-to default to from.
/// </summary>
internal static class ImapEnvelope
{
    /// <summary>Appends the envelope of the message whose header is <paramref name="header"/> (its octets, with the empty line).</summary>
    public static void Write(ImapResponse response, ReadOnlySpan<byte> header)
    {
        ArgumentNullException.ThrowIfNull(response);
        var fields = Fields.Of(header);
        // From is parsed once, though sender and reply-to repeat it when absent (nearly always).
        var from = Addresses(fields.Raw(Fields.From));
        response.Text("(").NString(fields.Text(Fields.Date)).Text(" ").NString(fields.Text(Fields.Subject)).Text(" ").Raw(from).Text(" ");
        response.Raw(fields.Raw(Fields.Sender) is { } sender ? Addresses(sender) : from).Text(" ");
        response.Raw(fields.Raw(Fields.ReplyTo) is { } replyTo ? Addresses(replyTo) : from);
        foreach (var id in (ReadOnlySpan<int>)[Fields.To, Fields.Cc, Fields.Bcc])
        {
            response.Text(" ").Raw(Addresses(fields.Raw(id)));
        }

        response.Text(" ").NString(fields.Text(Fields.InReplyTo)).Text(" ").NString(fields.Text(Fields.MessageId)).Text(")");
    }

    // A list of addresses, each (name adl mailbox host); a group is (NIL NIL "name" NIL), its members, then
    // (NIL NIL NIL NIL) (RFC 3501 section 7.4.2); NIL when the field is absent or names nobody.
    private static ReadOnlySpan<byte> Addresses(byte[]? raw)
    {
        if (raw is null || !InternetAddressList.TryParse(raw, out var list) || list.Count == 0)
        {
            return "NIL"u8;
        }

        var response = new ImapResponse().Text("(");
        foreach (var address in list)
        {
            Address(response, address);
        }

        return response.Text(")").Bytes.Span;
    }

    private static void Address(ImapResponse response, InternetAddress address)
    {
        switch (address)
        {
            case GroupAddress group:
                response.Text("(NIL NIL ").String(group.Name ?? string.Empty).Text(" NIL)");
                foreach (var member in group.Members)
                {
                    Address(response, member);
                }

                response.Text("(NIL NIL NIL NIL)");
                break;
            case MailboxAddress mailbox:
                response.Text("(").NString(Phrase(mailbox.Name)).Text(" NIL ").NString(mailbox.LocalPart).Text(" ")
                    .NString(string.IsNullOrEmpty(mailbox.Domain) ? null : mailbox.Domain).Text(")");
                break;
        }
    }

    // MimeKit decodes the display name; the envelope wants it as it would be in a header, so non-ASCII goes back
    // into RFC 2047 words.
    private static string? Phrase(string? name)
        => string.IsNullOrEmpty(name) ? null : name.All(char.IsAscii) ? name : Encoding.ASCII.GetString(Rfc2047.EncodePhrase(Encoding.UTF8, name));
    // The first field of each name ENVELOPE reads, its value's octets; a value of blanks only counts as absent.
    private sealed class Fields
    {
        public const int Date = 0, Subject = 1, From = 2, Sender = 3, ReplyTo = 4, To = 5, Cc = 6, Bcc = 7, InReplyTo = 8, MessageId = 9;

        private static readonly string[] Names = ["Date", "Subject", "From", "Sender", "Reply-To", "To", "Cc", "Bcc", "In-Reply-To", "Message-ID"];

        private readonly byte[]?[] _values = new byte[Names.Length][];

        public static Fields Of(ReadOnlySpan<byte> header)
        {
            var fields = new Fields();
            var reader = new HeaderFieldReader(header);
            while (reader.Next(out var name, out var value, out _))
            {
                for (var i = 0; i < Names.Length; i++)
                {
                    if (fields._values[i] is null && Ascii.EqualsIgnoreCase(name, Names[i]))
                    {
                        fields._values[i] = value.ToArray();
                    }
                }
            }

            return fields;
        }

        public byte[]? Raw(int id) => _values[id] is { } raw && raw.Any(b => b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) ? raw : null;

        // The field's text unfolded (RFC 5322 section 2.2.3) and trimmed; 8-bit text is taken as UTF-8.
        public string? Text(int id)
            => Raw(id) is { } raw ? Encoding.UTF8.GetString(raw).Replace("\r\n", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Trim() : null;
    }
}
