namespace Maildriver.MailPorts.LineProtocol;

/// <summary>One machine's POP3 and SMTP submission ports; 0 means the port is not opened.</summary>
/// <param name="Pop3">Its <c>pop3Port</c>.</param>
/// <param name="Smtp">Its <c>smtpPort</c>.</param>
public sealed record MachineMailPorts(int Pop3, int Smtp);
