namespace Maildriver.MailPorts.Pop3;

/// <summary>One POP3 command line (RFC 1939 section 3): a case-insensitive keyword, then arguments after a space.</summary>
/// <param name="Keyword">The keyword, upper-case.</param>
/// <param name="Argument">Everything after the first space, as sent (PASS takes it whole: a password may contain spaces).</param>
public sealed record Pop3Command(string Keyword, string Argument)
{
    /// <summary>The space-separated arguments.</summary>
    public IReadOnlyList<string> Arguments => Argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Splits a command line; a line with no keyword gives an empty one, which no command matches.</summary>
    public static Pop3Command Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var keyword = space < 0 ? line : line[..space];
        return new Pop3Command(keyword.ToUpperInvariant(), space < 0 ? string.Empty : line[(space + 1)..]);
    }
}
