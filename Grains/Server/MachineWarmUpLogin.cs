using Maildriver.Grains.Storage;

namespace Maildriver.Grains.Server;

/// <summary>
/// <see cref="IWarmUpLogin"/> on a machine: a token for the first of its users by name, issued as a login's is. The
/// warm-up's SELECT is an EXAMINE (read-only), so nothing of that user's changes.
/// </summary>
public sealed class MachineWarmUpLogin(MailStore store, TokenService tokens) : IWarmUpLogin
{
    /// <inheritdoc/>
    public async Task<WarmUpLogin?> LoginAsync(CancellationToken cancellationToken)
        => (await store.Users.GetUsersAsync(cancellationToken)).MinBy(u => u.Name, StringComparer.Ordinal) is { } user
            ? new WarmUpLogin(user.Name, tokens.Issue(user.Name))
            : null;
}
