using System.Globalization;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// The final check of the admin task's users and lists, on a quiet cluster, through each machine's gateway alone
/// (both questions are answered from that machine's own store). A user is present on a machine when it can log in
/// there. A list is present when a send there resolves its name: the probe sends to the list and to a name that
/// is neither user nor list, and the refusal says which name was unknown (recipients are resolved in order, so a
/// present list gets past its name); the probe never reaches the Master and stores nothing. Members are not
/// probed: <c>admin verify</c>'s digest covers every list with its members, so the machines must also agree on those.
/// The tokens of the added users present everywhere let <see cref="ReplicaAudit"/> audit their mailboxes too.
/// </summary>
public sealed class DirectoryAudit(SiloProcessCluster cluster, string adminToken, TortureLedger ledger)
{
    private const string Probe = "torture-no-such-recipient";

    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);

    /// <summary>
    /// Login tokens of the added users that must exist and could log in on every machine, so that their mailboxes
    /// (the administrator's welcome letters) can be audited like the fixed users'. Filled by <see cref="RunAsync"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> PresentUserTokens => _tokens;

    /// <summary>How many users and lists were looked at, for the log.</summary>
    public string Summary { get; private set; } = "not run";

    /// <summary>Every violation found; empty when every machine has exactly the users and lists the admin was promised.</summary>
    public async Task<IReadOnlyList<string>> RunAsync()
    {
        var violations = new List<string>();
        var entries = ledger.DirectoryEntries();
        var present = entries.ToDictionary(e => e.Name, _ => new List<string>(), StringComparer.Ordinal);
        var answered = entries.ToDictionary(e => e.Name, _ => 0, StringComparer.Ordinal);
        foreach (var machine in cluster.Machines)
        {
            await using var client = TortureClients.Only(cluster, machine);
            var server = client.Server;
            foreach (var entry in entries)
            {
                var exists = entry.Kind == DirectoryKind.User
                    ? await UserExistsAsync(server, machine, entry, violations)
                    : await ListExistsAsync(server, machine, entry, violations);
                if (exists is not { } found)
                {
                    continue;
                }

                answered[entry.Name]++;
                if (found)
                {
                    present[entry.Name].Add(machine);
                }

                if (entry.MustExist is { } must && must != found)
                {
                    violations.Add(must
                        ? $"{entry} is missing on {machine}: {(entry.Kind == DirectoryKind.User ? "its login is refused" : "a send there does not know the list")}, although its add was acknowledged and no delete of it may have happened"
                        : $"{entry} is still on {machine}: {(entry.Kind == DirectoryKind.User ? "it can log in" : "a send there resolves the list")}, although {(entry.Deleted == ChangeState.Acknowledged ? "its delete was acknowledged: an undone delete" : "its add was refused")}");
                }
            }
        }

        foreach (var name in _tokens.Keys.Where(n => present[n].Count < cluster.Machines.Count).ToList())
        {
            _tokens.Remove(name);
        }

        // Unknown outcomes may go either way, but the same way everywhere.
        foreach (var entry in entries.Where(e => present[e.Name].Count > 0 && present[e.Name].Count < answered[e.Name]))
        {
            violations.Add($"replicas disagree: {entry} is present on {string.Join(',', present[entry.Name])} only");
        }

        var users = entries.Count(e => e.Kind == DirectoryKind.User);
        Summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{cluster.Machines.Count} machines x ({users} users by login, {entries.Count - users} lists by send probe); present on every machine: {entries.Count(e => present[e.Name].Count == cluster.Machines.Count)}, on none: {entries.Count(e => present[e.Name].Count == 0)}");
        return violations;
    }

    private async Task<bool?> UserExistsAsync(IMailServer server, string machine, DirectoryEntry entry, List<string> violations)
    {
        try
        {
            var login = await server.Login(entry.Name, entry.Password);
            if (login.Machine != machine || login.User != entry.Name)
            {
                violations.Add($"login of {entry.Name} through {machine}'s gateway alone was answered by {login.Machine} as {login.User}");
                return null;
            }

            if (entry.MustExist == true)
            {
                _tokens[entry.Name] = login.Token;
            }

            return true;
        }
        catch (RequestRefusedException)
        {
            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            violations.Add($"login of {entry.Name} at {machine} failed on a quiet cluster: {ex.GetType().Name}: {ex.Message}");
            return null;
        }
    }

    private async Task<bool?> ListExistsAsync(IMailServer server, string machine, DirectoryEntry entry, List<string> violations)
    {
        var probe = new SendRequest([entry.Name, Probe], "torture list probe", "", "list-probe-" + entry.Name);
        try
        {
            var sent = await server.Send(adminToken, probe);
            violations.Add($"the list probe for {entry.Name} at {machine} was accepted as letter {sent.Id}: '{Probe}' is a recipient after all, and the probe sent mail");
            return null;
        }
        catch (RequestRefusedException ex) when (ex.Message.Contains($"'{Probe}'", StringComparison.Ordinal))
        {
            return true;
        }
        catch (RequestRefusedException ex) when (ex.Message.Contains($"'{entry.Name}'", StringComparison.Ordinal))
        {
            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            violations.Add($"the list probe for {entry.Name} at {machine} got an answer naming neither the list nor the probe: {ex.GetType().Name}: {ex.Message}");
            return null;
        }
    }
}
