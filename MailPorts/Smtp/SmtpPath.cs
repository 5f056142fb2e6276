namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// The argument of MAIL and RCPT (RFC 5321 section 4.1.2): <c>FROM:&lt;path&gt; PARAM=value …</c> or
/// <c>TO:&lt;path&gt; …</c>. Lenient where clients are: a space after the colon, a path without angle brackets, and a
/// source route (<c>&lt;@relay:user@host&gt;</c>, obsolete) which is ignored.
/// </summary>
/// <param name="Address">The mailbox, without brackets; empty for the null path <c>&lt;&gt;</c>.</param>
/// <param name="Parameters">ESMTP parameters by upper-case keyword (value null for a bare keyword).</param>
public sealed record SmtpPath(string Address, IReadOnlyDictionary<string, string?> Parameters)
{
    // RFC 5321 section 4.5.3.1.3: a path is at most 256 octets.
    private const int MaxPathLength = 256;

    /// <summary>Parses <paramref name="argument"/>, which must start with <paramref name="prefix"/> (<c>FROM:</c> or <c>TO:</c>).</summary>
    public static bool TryParse(string argument, string prefix, out SmtpPath path)
    {
        ArgumentNullException.ThrowIfNull(argument);
        path = null!;
        if (!argument.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = argument[prefix.Length..].TrimStart();
        string address;
        if (rest.StartsWith('<'))
        {
            var close = rest.IndexOf('>', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            address = rest[1..close];
            rest = rest[(close + 1)..];
        }
        else
        {
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            address = space < 0 ? rest : rest[..space];
            rest = space < 0 ? string.Empty : rest[space..];
            if (address.Length == 0)
            {
                return false;
            }
        }

        if (address.StartsWith('@'))
        {
            var colon = address.IndexOf(':', StringComparison.Ordinal);
            address = colon < 0 ? string.Empty : address[(colon + 1)..];
        }

        if (address.Length > MaxPathLength || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || (rest.Length > 0 && rest[0] != ' '))
        {
            return false;
        }

        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var parameter in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            var keyword = (equals < 0 ? parameter : parameter[..equals]).ToUpperInvariant();
            if (keyword.Length == 0 || parameter.Any(char.IsControl) || !parameters.TryAdd(keyword, equals < 0 ? null : parameter[(equals + 1)..]))
            {
                return false;
            }
        }

        path = new SmtpPath(address, parameters);
        return true;
    }
}
