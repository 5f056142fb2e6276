using System.Diagnostics;
using Maildriver.Benchmarks.ProtocolScenario;

namespace Maildriver.Benchmarks.ImapScenario;

/// <summary>
/// Maildriver's "cold": the machine whose IMAP port is measured is killed (SIGKILL, as the crash scenarios do) and
/// started again on its data, so every grain and cache is gone; it is ready when its IMAP port logs in a user
/// who is not measured and the cluster is quiet again (the machine caught up). The operating system's page cache
/// is left as it was, as on Dovecot's side.
/// </summary>
public static class MachineRestart
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>Restarts machine <paramref name="machine"/> and returns once its IMAP port answers.</summary>
    public static async Task RunAsync(LocalMailCluster cluster, int machine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        cluster.Kill(machine);
        cluster.Restart(machine);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cluster.ThrowIfAnyExited();
            try
            {
                await using var probe = await RawImapClient.LoginAsync(cluster.ImapPorts[machine], ImapAccounts.ProbeUser, MailAccounts.Password(ImapAccounts.ProbeUser), cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && clock.Elapsed < Timeout)
            {
                // Not listening yet, or refusing while it is rebuilt.
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }

        await cluster.QuietAsync().ConfigureAwait(false);
    }
}
