namespace Maildriver.MailPorts.Smtp;

/// <summary>One SMTP command line (RFC 5321 section 4.1): a case-insensitive verb, then its argument after a space.</summary>
/// <param name="Verb">The verb, upper-case.</param>
/// <param name="Argument">The rest of the line, trimmed.</param>
public sealed record SmtpCommand(string Verb, string Argument)
{
    /// <summary>Splits a command line; a line with no verb gives an empty one, which no command matches.</summary>
    public static SmtpCommand Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var trimmed = line.TrimStart();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        var verb = space < 0 ? trimmed : trimmed[..space];
        return new SmtpCommand(verb.ToUpperInvariant(), space < 0 ? string.Empty : trimmed[(space + 1)..].Trim());
    }
}
