namespace Maildriver.MailPorts.Imap.Session;

/// <summary>
/// A login a machine gives itself to compile its IMAP port's SELECT path before the port opens
/// (<see cref="ImapWarmUp"/>): a token for one of its users, used inside the silo process only, for commands that
/// change nothing and whose answers are thrown away. It never leaves the process: no port or grain hands it out.
/// </summary>
public interface IWarmUpLogin
{
    /// <summary>A user of this machine and a token for them; null when the machine has no user yet.</summary>
    Task<WarmUpLogin?> LoginAsync(CancellationToken cancellationToken);
}

/// <summary>A user and a token for them, from <see cref="IWarmUpLogin"/>.</summary>
/// <param name="User">The user.</param>
/// <param name="Token">The token, as the front door's <c>Login</c> would have issued it.</param>
public sealed record WarmUpLogin(string User, string Token);
