using System.Globalization;
using Maildriver.Grains.Server;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// The final check, on a quiet cluster: every user's mailbox on every machine, read with <c>List</c> through that
/// machine's gateway alone (List answers from the local store), against the ledger of what clients were told:
/// the letters, and their read flags (set wherever an acknowledged read, or any client's earlier sight of the
/// flag set, says it must be).
/// </summary>
public sealed class ReplicaAudit(SiloProcessCluster cluster, IReadOnlyDictionary<string, string> tokens, TortureLedger ledger)
{
    /// <summary>How many mailboxes and letters were looked at, for the log.</summary>
    public string Summary { get; private set; } = "not run";

    /// <summary>Every violation found; empty when the replicas hold exactly what the clients were promised.</summary>
    public async Task<IReadOnlyList<string>> RunAsync()
    {
        var violations = new List<string>();
        var sends = ledger.Sends().ToDictionary(s => s.SubmissionId, StringComparer.Ordinal);
        var ambiguousLetters = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var presence = new Dictionary<LetterCopy, List<(string Machine, bool Read)>>();
        var listedTotal = 0;
        var users = tokens.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var machine in cluster.Machines)
        {
            await using var client = TortureClients.Only(cluster, machine);
            foreach (var user in users)
            {
                IReadOnlyList<LetterView> listed;
                try
                {
                    listed = await client.Server.List(tokens[user]);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    violations.Add($"List for {user} at {machine} failed on a quiet cluster: {ex.GetType().Name}: {ex.Message}");
                    continue;
                }

                listedTotal += listed.Count;
                CheckMailbox(machine, user, listed, sends, ambiguousLetters, presence, violations);
            }
        }

        foreach (var (submission, ids) in ambiguousLetters.Where(a => a.Value.Count > 1))
        {
            violations.Add($"the unacknowledged submission {submission} exists as {ids.Count} letters: {string.Join(", ", ids.Order(StringComparer.Ordinal))}");
        }

        // Sharper than the digests: which copy is where.
        foreach (var (copy, machines) in presence.Where(p => p.Value.Count != cluster.Machines.Count))
        {
            violations.Add($"replicas disagree: {copy} is listed on {string.Join(',', machines.Select(m => m.Machine))} only ({ledger.DeleteStateOf(copy)?.ToString() ?? "no delete sent"})");
        }

        // An unacknowledged read may or may not have happened, but the same way everywhere.
        foreach (var (copy, machines) in presence.Where(p => p.Value.Any(m => m.Read) && p.Value.Any(m => !m.Read)))
        {
            violations.Add($"replicas disagree on a read flag: {copy} is read on {string.Join(',', machines.Where(m => m.Read).Select(m => m.Machine))}, "
                           + $"unread on {string.Join(',', machines.Where(m => !m.Read).Select(m => m.Machine))} (read {ledger.ReadStateOf(copy)?.ToString() ?? "never sent"})");
        }

        var read = presence.Count(p => p.Value.All(m => m.Read));
        var mustBeRead = presence.Keys.Count(MustBeRead);
        Summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{cluster.Machines.Count} machines x {users.Count} mailboxes, {listedTotal} listed copies, {presence.Count} distinct copies, {read} of them read everywhere, {mustBeRead} that must be");
        return violations;
    }

    private void CheckMailbox(
        string machine,
        string user,
        IReadOnlyList<LetterView> listed,
        IReadOnlyDictionary<string, SentLetter> sends,
        Dictionary<string, HashSet<string>> ambiguousLetters,
        Dictionary<LetterCopy, List<(string Machine, bool Read)>> presence,
        List<string> violations)
    {
        var where = $"{user}'s mailbox on {machine}";
        foreach (var duplicate in listed.GroupBy(l => l.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            violations.Add($"{where} lists {duplicate.Key} {duplicate.Count()} times");
        }

        foreach (var letter in listed.DistinctBy(l => l.Id))
        {
            var copy = new LetterCopy(user, letter.Id);
            if (!presence.TryGetValue(copy, out var machines))
            {
                presence[copy] = machines = [];
            }

            machines.Add((machine, letter.Read));
            if (!letter.Read && MustBeRead(copy))
            {
                var why = ledger.ReadStateOf(copy) == ChangeState.Acknowledged
                    ? $"{user}'s read of it was acknowledged"
                    : $"a client saw it read at {ledger.SeenReadAt(copy)} during the run (read {ledger.ReadStateOf(copy)?.ToString() ?? "never sent"})";
                var deleted = ledger.DeleteStateOf(copy);
                violations.Add($"{where} shows {letter.Id} ({letter.Subject}) unread, although {why}: a lost or undone read flag (delete {(deleted is null ? "never sent" : deleted)})");
            }

            if (!SentLetter.TryParseSubject(letter.Subject, out var submission) || !sends.TryGetValue(submission, out var send))
            {
                violations.Add($"{where} holds {letter.Id} (from {letter.From}, subject '{letter.Subject}'), which no client ever sent");
                continue;
            }

            switch (send.State)
            {
                case SendState.Acknowledged when send.LetterId != letter.Id:
                    violations.Add($"{where} holds {letter.Id} for submission {submission}, which was acknowledged as {send.LetterId}: a duplicate letter");
                    break;
                case SendState.Ambiguous:
                    if (!ambiguousLetters.TryGetValue(submission, out var ids))
                    {
                        ambiguousLetters[submission] = ids = new HashSet<string>(StringComparer.Ordinal);
                    }

                    ids.Add(letter.Id);
                    break;
                case SendState.Refused:
                    violations.Add($"{where} holds {letter.Id} for submission {submission}, whose only attempt was refused: {send.Note}");
                    break;
            }

            if (letter.From != send.From || !letter.To.Order(StringComparer.Ordinal).SequenceEqual(send.To.Order(StringComparer.Ordinal)))
            {
                violations.Add($"{where}: {letter.Id} is from {letter.From} to {string.Join(',', letter.To)}, but {submission} was from {send.From} to {string.Join(',', send.To)}");
            }

            if (!send.To.Contains(user))
            {
                violations.Add($"{where} holds {letter.Id} ({submission}), which was not addressed to {user}");
            }

            if (ledger.DeleteStateOf(copy) == DeleteState.Acknowledged)
            {
                violations.Add($"{where} still holds {letter.Id} ({submission}) although {user}'s delete of it was acknowledged: a lost or undone delete");
            }
        }

        var have = listed.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var send in sends.Values.Where(s => s.State == SendState.Acknowledged && s.To.Contains(user)))
        {
            var deleted = ledger.DeleteStateOf(new LetterCopy(user, send.LetterId!));
            if (deleted is not (DeleteState.Acknowledged or DeleteState.Ambiguous) && !have.Contains(send.LetterId!))
            {
                violations.Add($"{where} lacks the acknowledged letter {send} ({(deleted is null ? "no delete sent" : "delete " + deleted)}): a lost letter");
            }
        }
    }

    // Read once acknowledged, or once any client saw the flag set (a machine sets it only after the Master recorded it).
    private bool MustBeRead(LetterCopy copy) => ledger.ReadStateOf(copy) == ChangeState.Acknowledged || ledger.SeenReadAt(copy) is not null;
}
