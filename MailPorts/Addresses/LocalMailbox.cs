using System.Text.RegularExpressions;
using Maildriver.Grains.Mime;

namespace Maildriver.MailPorts.Addresses;

/// <summary>
/// How Maildriver names meet mail addresses. A user or list <c>bob</c> is <c>bob@&lt;mail domain&gt;</c>; an
/// address names a Maildriver user or list when its domain is absent or the mail domain (compared ignoring case),
/// and its local part, lower-cased, is the name (Maildriver names are lower-case).
/// </summary>
public sealed partial class LocalMailbox
{
    /// <summary>The mail domain when <c>cluster.json</c> names none.</summary>
    public const string DefaultDomain = MailDomain.DefaultName;

    /// <summary>A mailbox for <paramref name="domain"/>, which must be a dot-separated host name.</summary>
    public LocalMailbox(string domain)
    {
        if (!IsDomain(domain))
        {
            throw new ArgumentException($"'{domain}' is not a domain name", nameof(domain));
        }

        Domain = domain.ToLowerInvariant();
    }

    /// <summary>The mail domain, lower-case.</summary>
    public string Domain { get; }

    /// <summary>The mail domain as the grains write letters with it.</summary>
    public MailDomain MailDomain => new(Domain);

    /// <summary>Whether <paramref name="domain"/> is a host name such as <c>campus.example.edu</c>.</summary>
    public static bool IsDomain(string? domain) => domain is { Length: > 0 and <= 253 } && DomainPattern().IsMatch(domain);

    /// <summary>The address of Maildriver user or list <paramref name="name"/>.</summary>
    public string AddressOf(string name) => $"{name}@{Domain}";

    /// <summary>
    /// The Maildriver name <paramref name="address"/> stands for, if it is in the mail domain (or has no domain);
    /// false for another domain. Whether the name exists is the caller's question.
    /// </summary>
    public bool TryGetName(string address, out string name)
    {
        ArgumentNullException.ThrowIfNull(address);
        var at = address.LastIndexOf('@');
        var domain = at < 0 ? string.Empty : address[(at + 1)..];
        name = (at < 0 ? address : address[..at]).ToLowerInvariant();
        return name.Length > 0 && (domain.Length == 0 || string.Equals(domain, Domain, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The user name to log in with: mail clients often use the whole address (<c>Bob@campus.edu</c>) as the
    /// login, which means <c>bob</c>; anything else is lower-cased and tried as it is.
    /// </summary>
    public string LoginName(string login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return TryGetName(login, out var name) ? name : login.ToLowerInvariant();
    }

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainPattern();
}
