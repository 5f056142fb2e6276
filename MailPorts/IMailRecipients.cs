namespace Maildriver.MailPorts;

/// <summary>
/// Who SMTP accepts at RCPT: the users and mailing lists the machine knows. Asked of the machine's own store, as the
/// client API's send does, so that a bad address is refused in the envelope and not after the message.
/// </summary>
public interface IMailRecipients
{
    /// <summary>Whether <paramref name="name"/> is a user or a mailing list of this machine.</summary>
    Task<bool> IsRecipientAsync(string name);
}
