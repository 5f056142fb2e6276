using Maildriver.Grains.Server;
using Maildriver.Grains.Storage;
using Maildriver.MailPorts.Imap.Session;

namespace Maildriver.Silo.MailPorts;

/// <summary>
/// <see cref="IWarmUpLogin"/> on a machine: a token for a user who has letters here (so that the warm-up reads some, as
/// a client's SELECT does), else the first user by name, issued as a login's is. The warm-up's SELECT is an EXAMINE
/// (read-only), so nothing of that user's changes.
/// </summary>
internal sealed class StoreWarmUpLogin(MailStore store, TokenService tokens) : IWarmUpLogin
{
    /// <inheritdoc/>
    public async Task<WarmUpLogin?> LoginAsync(CancellationToken cancellationToken)
    {
        var name = await store.Inboxes.AnyRecipientAsync(cancellationToken).ConfigureAwait(false)
                   ?? (await store.Users.GetUsersAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault()?.Name;
        return name is null ? null : new WarmUpLogin(name, tokens.Issue(name));
    }
}
