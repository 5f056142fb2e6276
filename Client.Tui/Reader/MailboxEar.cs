using Maildriver.Grains.Server;

namespace Maildriver.Client.Reader;

/// <summary>The reader's grain observer: the connected machine calls it when the user's inbox there changes.</summary>
internal sealed class MailboxEar : IMailboxObserver
{
    /// <summary>What to do when told (posts a message to the reader's loop).</summary>
    public Action Changed { get; set; } = () => { };

    public Task MailboxChanged()
    {
        Changed();
        return Task.CompletedTask;
    }
}
