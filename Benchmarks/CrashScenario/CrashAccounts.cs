using Maildriver.Benchmarks.ProtocolScenario;
using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.CrashScenario;

/// <summary>The few users a crash scenario needs: registered by the administrator, replicated everywhere, logged in.</summary>
public static class CrashAccounts
{
    /// <summary>Registers <paramref name="users"/>, waits until every machine has them, and returns their tokens by name.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> RegisterAsync(LocalMailCluster cluster, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(users);
        await Parallel.ForEachAsync(
            users.Select((name, index) => (name, index)),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (user, _) => await cluster.Server(user.index % cluster.Machines.Count)
                .AddUser(cluster.AdminToken, user.name, MailAccounts.Password(user.name), isAdmin: false).ConfigureAwait(false)).ConfigureAwait(false);

        // A send checks its recipients on the machine it enters: every machine must know them all first.
        await cluster.QuietAsync().ConfigureAwait(false);
        var tokens = await Task.WhenAll(users.Select(async name =>
            (name, (await cluster.Server(0).Login(name, MailAccounts.Password(name)).ConfigureAwait(false)).Token))).ConfigureAwait(false);
        return tokens.ToDictionary(t => t.name, t => t.Token, StringComparer.Ordinal);
    }
}
