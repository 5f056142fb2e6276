using System.Security.Cryptography.X509Certificates;

namespace Maildriver.MailPorts;

/// <summary>The machine the mail ports belong to, as far as they need to know it.</summary>
/// <param name="Name">Its name, e.g. <c>MD1</c>: the key of its client API and of its ports in the options.</param>
/// <param name="Host">The host name or address its ports listen on (only there, as the gateway does).</param>
/// <param name="LoadCertificate">
/// Loads its TLS certificate for STLS and STARTTLS, or returns null when it has none; called once, when the ports open.
/// </param>
/// <param name="DataDirectory">
/// Its data directory, where the IMAP port keeps its cache of rendered items (<c>imap-cache.db</c>); null: in memory only.
/// </param>
public sealed record MailPortsMachine(string Name, string Host, Func<X509Certificate2?> LoadCertificate, string? DataDirectory = null);
