using System.Globalization;

namespace Maildriver.MailPorts.Rfc5322;

/// <summary>The date-time of RFC 5322 section 3.3, e.g. <c>Tue, 1 Jul 2025 09:05:00 +0000</c>.</summary>
public static class Rfc5322Date
{
    /// <summary>Formats <paramref name="when"/> in UTC, which every reader converts to its own zone.</summary>
    public static string Format(DateTimeOffset when)
        => when.ToUniversalTime().ToString("ddd, d MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
}
