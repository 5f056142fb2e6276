namespace Maildriver.MailPorts.Smtp;

/// <summary>What the session's pipe learnt while it passed a message on to SmtpServer.</summary>
/// <param name="Lines">How many lines the message has (0 for an empty one).</param>
/// <param name="TooBig">Whether the message was over the size limit: its rest was read and thrown away.</param>
internal sealed record MessageFraming(int Lines, bool TooBig);
