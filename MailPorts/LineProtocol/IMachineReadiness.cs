namespace Maildriver.MailPorts.LineProtocol;

/// <summary>
/// Whether the machine serves clients now. The silo holds readiness back while its store cannot answer truthfully
/// (it is being rebuilt from the other machines); the mail ports then turn sessions away as the gateway does.
/// </summary>
public interface IMachineReadiness
{
    /// <summary>Why the machine does not serve clients now, or null when it does.</summary>
    string? NotReadyReason { get; }
}
