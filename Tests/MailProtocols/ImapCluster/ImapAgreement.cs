using Maildriver.Tests.MailProtocols.RealClients;
using Xunit.Sdk;

namespace Maildriver.Tests.MailProtocols.ImapCluster;

/// <summary>
/// Waits until the IMAP ports of several machines show a user's INBOX the same way and as a test expects: a letter
/// reaches each machine, and a flag or a delete each replica, on its own time, so agreement is an observable
/// condition polled with a deadline, never a pause.
/// </summary>
public static class ImapAgreement
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Reads <paramref name="user"/>'s INBOX at each of <paramref name="machines"/> until every view satisfies
    /// <paramref name="expected"/> and all are equal; returns the view. Fails with every machine's last view.
    /// </summary>
    public static async Task<ImapInboxView> WaitAsync(
        MailPortsProcessCluster cluster, IReadOnlyList<string> machines, string user, Func<ImapInboxView, bool> expected, string because, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        var views = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            var read = new List<ImapInboxView>();
            foreach (var machine in machines)
            {
                try
                {
                    var view = await ImapInboxView.ReadAsync(cluster.ImapPort(machine), user);
                    views[machine] = view.Text;
                    read.Add(view);
                }
                catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or MailKit.CommandException or System.Net.Sockets.SocketException)
                {
                    views[machine] = $"unreadable: {ex.GetType().Name}: {ex.Message}";
                }
            }

            if (read.Count == machines.Count && read.All(expected) && read.Select(v => v.Text).Distinct(StringComparer.Ordinal).Count() == 1)
            {
                return read[0];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException(
                    $"the IMAP views of {user}'s INBOX did not agree on {because} within {limit.TotalSeconds:0} s:\n"
                    + string.Join('\n', views.Select(v => $"--- {v.Key} ---\n{v.Value}")) + "\n" + cluster.Logs());
            }

            await Task.Delay(200);
        }
    }
}
