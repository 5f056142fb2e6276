using Maildriver.Grains.Storage;
using Maildriver.MailPorts;

namespace Maildriver.Silo.MailPorts;

/// <summary>SMTP's recipients: a user or a mailing list this machine's store knows, the same test the client API's send applies.</summary>
internal sealed class StoreRecipients(MailStore store) : IMailRecipients
{
    /// <inheritdoc />
    public async Task<bool> IsRecipientAsync(string name)
        => await store.Users.GetUserAsync(name).ConfigureAwait(false) is not null || await store.Users.GetListAsync(name).ConfigureAwait(false) is not null;
}
