using System.Security.Cryptography.X509Certificates;
using Maildriver.Grains.Server;
using Microsoft.Extensions.Logging;

namespace Maildriver.MailPorts.LineProtocol;

/// <summary>What every POP3 and SMTP session of a machine shares.</summary>
/// <param name="Machine">The machine's name, for greetings.</param>
/// <param name="Options">The limits and the mail domain.</param>
/// <param name="Server">The client API on this machine: sessions do what a CLI user could, with the same checks.</param>
/// <param name="Certificate">The machine's TLS certificate (STLS, STARTTLS), or null when TLS is not configured.</param>
/// <param name="Logger">Where sessions log.</param>
/// <param name="Readiness">Held back while the machine cannot serve clients (it is being rebuilt): sessions are turned away.</param>
internal sealed record MailPortContext(string Machine, MailPortsOptions Options, IMailServer Server, X509Certificate2? Certificate, ILogger Logger, IMachineReadiness Readiness)
{
    /// <summary>
    /// Whether a client must switch to TLS before it may send a password: yes whenever the machine has a
    /// certificate, so credentials never cross the network in the clear where encryption is possible.
    /// </summary>
    public bool CleartextLoginAllowed(LineConnection connection) => Certificate is null || connection.IsTls;
}
