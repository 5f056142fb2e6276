using System.Globalization;

namespace Maildriver.MailPorts.Imap.Syntax;

/// <summary>IMAP's dates (RFC 3501 section 9): <c>date</c> in SEARCH, <c>date-time</c> in INTERNALDATE.</summary>
public static class ImapDates
{
    private static readonly string[] DateFormats = ["d-MMM-yyyy", "dd-MMM-yyyy"];

    /// <summary>A letter's INTERNALDATE, e.g. <c>06-Dec-2026 21:03:00 +0000</c> (always UTC).</summary>
    public static string DateTime(DateTimeOffset at)
        => at.ToUniversalTime().ToString("dd-MMM-yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>A SEARCH date such as <c>1-Feb-1994</c>; the month's name in any case.</summary>
    public static DateOnly ParseDate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normal = text.Length > 4 ? text[..^8] + char.ToUpperInvariant(text[^8]) + text[^7..].ToLowerInvariant() : text;
        return text.Length >= 10 && System.DateTime.TryParseExact(normal, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? DateOnly.FromDateTime(date)
            : throw new ImapSyntaxException($"bad date '{text}': expected e.g. 1-Feb-2026");
    }
}
