namespace Maildriver.MailPorts.LineProtocol;

/// <summary>One machine's POP3, SMTP submission and IMAP ports; 0 means the port is not opened.</summary>
/// <param name="Pop3">Its <c>pop3Port</c>.</param>
/// <param name="Smtp">Its <c>smtpPort</c>.</param>
/// <param name="Imap">Its <c>imapPort</c>.</param>
public sealed record MachineMailPorts(int Pop3, int Smtp, int Imap = 0);
