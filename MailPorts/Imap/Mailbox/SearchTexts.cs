using System.Text;
using Maildriver.MailPorts.Imap.Fetch;
using MimeKit;
using MimeKit.Utils;

namespace Maildriver.MailPorts.Imap.Mailbox;

/// <summary>
/// What SEARCH FROM, TO and SUBJECT look in (RFC 3501 section 6.4.4: the envelope's FROM and TO fields and the
/// subject): each field's text as a person reads it, encoded words decoded and addresses with their names, read from
/// the letter's header section once and kept with the session's message (letters never change).
/// </summary>
/// <param name="From">The From field's addresses, or empty.</param>
/// <param name="To">The To field's addresses, or empty.</param>
/// <param name="Subject">The subject, or empty.</param>
internal sealed record SearchTexts(string From, string To, string Subject)
{
    /// <summary>The texts of the message whose header section is <paramref name="header"/>; the first field of each name counts.</summary>
    public static SearchTexts Of(ReadOnlySpan<byte> header)
    {
        string? from = null, to = null, subject = null;
        var reader = new HeaderFieldReader(header);
        while (reader.Next(out var name, out var value, out _))
        {
            if (from is null && Ascii.EqualsIgnoreCase(name, "From"u8))
            {
                from = Addresses(value);
            }
            else if (to is null && Ascii.EqualsIgnoreCase(name, "To"u8))
            {
                to = Addresses(value);
            }
            else if (subject is null && Ascii.EqualsIgnoreCase(name, "Subject"u8))
            {
                subject = Unfold(Rfc2047.DecodeText(value.ToArray()));
            }
        }

        return new SearchTexts(from ?? string.Empty, to ?? string.Empty, subject ?? string.Empty);
    }

    // Names and addresses as MimeKit writes them back (names decoded); a field it cannot parse is searched as it is.
    private static string Addresses(ReadOnlySpan<byte> value)
    {
        var raw = value.ToArray();
        return InternetAddressList.TryParse(raw, out var list) ? list.ToString() : Unfold(Rfc2047.DecodeText(raw));
    }

    private static string Unfold(string text) => text.Replace("\r\n", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Trim();
}
