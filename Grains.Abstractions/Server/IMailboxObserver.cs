namespace Maildriver.Grains.Server;

/// <summary>
/// A client's ear on its mailbox (a grain observer, as the Orleans Chirper sample's console client has): the machine
/// the client is connected to calls it when a letter arrives in the user's inbox there, is marked read, or is
/// deleted. It says only that something changed; the client asks for the list, so a lost or doubled call costs a
/// list and nothing else.
/// </summary>
[Alias("Maildriver.IMailboxObserver")]
public interface IMailboxObserver : IGrainObserver
{
    /// <summary>The user's inbox on the calling machine changed.</summary>
    [Alias("MailboxChanged")]
    Task MailboxChanged();
}
