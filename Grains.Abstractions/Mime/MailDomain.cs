using MimeKit;

namespace Maildriver.Grains.Mime;

/// <summary>
/// The domain of every Maildriver address: user or list <c>bob</c> is <c>bob@&lt;domain&gt;</c>. The letters the CLI
/// and the reader send are written with it, so it is the one <c>cluster.json</c> names (<c>mailPorts.mailDomain</c>).
/// A contract like the rest of this assembly, though no grain call carries it today.
/// </summary>
[GenerateSerializer, Immutable, Alias("Maildriver.MailDomain")]
public sealed record MailDomain
{
    /// <summary>The domain when <c>cluster.json</c> names none.</summary>
    public const string DefaultName = "maildriver.local";

    /// <summary>A domain; <paramref name="name"/> is kept lower-case.</summary>
    public MailDomain(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.ToLowerInvariant();
    }

    /// <summary>The default domain, <see cref="DefaultName"/>.</summary>
    public static MailDomain Default { get; } = new(DefaultName);

    /// <summary>The domain, lower-case.</summary>
    [Id(0)]
    public string Name { get; init; }

    /// <summary>The address of user or list <paramref name="user"/>.</summary>
    public MailboxAddress AddressOf(string user) => new(string.Empty, $"{user}@{Name}");
}
