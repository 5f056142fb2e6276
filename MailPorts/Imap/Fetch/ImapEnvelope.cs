using System.Text;
using Maildriver.MailPorts.Imap.Responses;
using MimeKit;
using MimeKit.Utils;

namespace Maildriver.MailPorts.Imap.Fetch;

/// <summary>
/// A message's ENVELOPE (RFC 3501 section 7.4.2) from its header, as MimeKit parses it: date, subject, from,
/// sender, reply-to, to, cc, bcc, in-reply-to, message-id. Strings are the header's own text, unfolded (encoded
/// words stay encoded, as the RFC wants); sender and reply-to default to from.
/// </summary>
internal static class ImapEnvelope
{
    /// <summary>Appends the envelope of the message whose header is <paramref name="header"/> (its octets, with the empty line).</summary>
    public static void Write(ImapResponse response, ReadOnlySpan<byte> header)
    {
        ArgumentNullException.ThrowIfNull(response);
        using var stream = new MemoryStream(header.ToArray(), writable: false);
        var headers = HeaderList.Load(stream);
        var from = Raw(headers, HeaderId.From);
        response.Text("(").NString(Text(headers, HeaderId.Date)).Text(" ").NString(Text(headers, HeaderId.Subject)).Text(" ");
        Addresses(response, from);
        response.Text(" ");
        Addresses(response, Raw(headers, HeaderId.Sender) ?? from);
        response.Text(" ");
        Addresses(response, Raw(headers, HeaderId.ReplyTo) ?? from);
        foreach (var id in (ReadOnlySpan<HeaderId>)[HeaderId.To, HeaderId.Cc, HeaderId.Bcc])
        {
            response.Text(" ");
            Addresses(response, Raw(headers, id));
        }

        response.Text(" ").NString(Text(headers, HeaderId.InReplyTo)).Text(" ").NString(Text(headers, HeaderId.MessageId)).Text(")");
    }

    private static byte[]? Raw(HeaderList headers, HeaderId id)
        => headers.IndexOf(id) is var i and >= 0 && headers[i].RawValue.Any(b => b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) ? headers[i].RawValue : null;

    // The field's text unfolded (RFC 5322 section 2.2.3) and trimmed; 8-bit text is taken as UTF-8.
    private static string? Text(HeaderList headers, HeaderId id)
        => Raw(headers, id) is { } raw ? Encoding.UTF8.GetString(raw).Replace("\r\n", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Trim() : null;

    // A list of addresses, each (name adl mailbox host); a group is (NIL NIL "name" NIL), its members, then
    // (NIL NIL NIL NIL) (RFC 3501 section 7.4.2); NIL when the field is absent or names nobody.
    private static void Addresses(ImapResponse response, byte[]? raw)
    {
        if (raw is null || !InternetAddressList.TryParse(raw, out var list) || list.Count == 0)
        {
            response.Text("NIL");
            return;
        }

        response.Text("(");
        foreach (var address in list)
        {
            Address(response, address);
        }

        response.Text(")");
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
}
