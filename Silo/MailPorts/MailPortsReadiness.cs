using Maildriver.Grains.Hosting;
using Maildriver.MailPorts.LineProtocol;

namespace Maildriver.Silo.MailPorts;

/// <summary>The silo's readiness as the mail ports ask for it: held back, they turn sessions away as the gateway does.</summary>
internal sealed class MailPortsReadiness(SiloReadiness readiness) : IMachineReadiness
{
    /// <inheritdoc />
    public string? NotReadyReason => readiness.Reason;
}
