using System.Globalization;
using System.Text;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// The mail traffic that runs through the crashes: two senders, a deleter, a reader (which also marks letters
/// read) and an administrator (<see cref="AdminWorkload"/>: users and lists), each with its own client whose
/// gateway list starts at a different machine, each a few requests a second. Only what a client was told goes
/// into the <see cref="TortureLedger"/>: an exception is an unknown outcome, retried with the same submission id
/// (or the same delete, read or change) until it is acknowledged or the run ends. The run ends in two steps: no new
/// requests, then, after a drain period with every machine up, no more retries either. Draining leaves (almost)
/// no request whose fate is unknown, and no origin machine still handing a forgotten attempt to the Master while
/// the audit reads the replicas.
/// </summary>
public sealed class TortureWorkload(
    SiloProcessCluster cluster, IReadOnlyDictionary<string, string> tokens, string adminToken, TortureLedger ledger, TortureLog log, int seed)
{
    // A submission repeated on purpose, through a client that starts at another gateway, must come back as the
    // same letter: the client-retry case of property 1, tried even when no crash forced a retry.
    private const double RepeatShare = 0.15;
    private const double ReadShare = 0.4;

    private readonly IReadOnlyList<string> _users = tokens.Keys.Order(StringComparer.Ordinal).ToList();

    // Who may send: the fixed users, and the administrator (a welcome letter to each user it adds).
    private readonly Dictionary<string, string> _senderTokens = new(tokens, StringComparer.Ordinal) { ["admin"] = adminToken };

    /// <summary>
    /// Starts the five tasks. After <paramref name="stop"/> they start nothing new; a request not yet acknowledged is
    /// retried until <paramref name="giveUp"/>.
    /// </summary>
    public IReadOnlyList<Task> Start(CancellationToken stop, CancellationToken giveUp)
        =>
        [
            Task.Run(() => SenderAsync(0, stop, giveUp)),
            Task.Run(() => SenderAsync(1, stop, giveUp)),
            Task.Run(() => DeleterAsync(2, stop, giveUp)),
            Task.Run(() => ReaderAsync(3, stop, giveUp)),
            Task.Run(() => new AdminWorkload(cluster, adminToken, _users, ledger, log, seed, SendAsync).RunAsync(4, stop, giveUp)),
        ];

    private async Task SenderAsync(int task, CancellationToken stop, CancellationToken giveUp)
    {
        var random = new Random(TaskSeed(task));
        await using var client = new WorkloadClient(TortureClients.Rotated(cluster, task), ledger);
        await using var other = new WorkloadClient(TortureClients.Rotated(cluster, task + 1), ledger);
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            var from = _users[random.Next(_users.Count)];
            var to = _users.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
            var letter = ledger.BeginSend(string.Create(CultureInfo.InvariantCulture, $"s{task}-{n}"), from, to);
            var body = Body(random, letter);
            var repeat = random.NextDouble() < RepeatShare;
            if (repeat)
            {
                ledger.BeginRepeat(letter.SubmissionId);
            }

            try
            {
                if (await SendAsync(client, letter, body, repeat: false, giveUp) && repeat && !stop.IsCancellationRequested)
                {
                    ledger.Count("send.repeat");
                    await SendAsync(other, letter, body, repeat: true, giveUp);
                }
            }
            finally
            {
                if (repeat)
                {
                    ledger.EndRepeat(letter.SubmissionId);
                }
            }

            if (!await PauseAsync(random.Next(200, 601), stop))
            {
                return;
            }
        }
    }

    private Task<bool> SendAsync(WorkloadClient client, SentLetter letter, string body, CancellationToken giveUp)
        => SendAsync(client, letter, body, repeat: false, giveUp);

    // Sends until acknowledged (true), refused, or the run gives up. A refusal is clean only on a first attempt that
    // did not fail over: otherwise an earlier attempt may have stored the letter.
    private async Task<bool> SendAsync(WorkloadClient client, SentLetter letter, string body, bool repeat, CancellationToken giveUp)
    {
        var request = new SendRequest(letter.To, letter.Subject, body, letter.SubmissionId);
        var unclear = false;
        for (var attempt = 1; ; attempt++)
        {
            var failovers = client.Failovers;
            try
            {
                var result = await client.Server.Send(_senderTokens[letter.From], request);
                ledger.Acknowledged(letter, result.Id);
                ledger.Count(repeat ? "send.repeat.ack" : attempt == 1 ? "send.ack" : "send.ack.retried");
                return true;
            }
            catch (RequestRefusedException ex)
            {
                var clean = !unclear && client.Failovers == failovers;
                ledger.Count(repeat ? "send.repeat.refused" : "send.refused");
                log.Write($"send {letter.SubmissionId}{(repeat ? " (repeat)" : "")} refused at {client.Gateway} on attempt {attempt}{(clean ? "" : " after a failed attempt or fail-over")}: {ex.Message}");
                if (!repeat)
                {
                    ledger.Unacknowledged(letter, clean, $"refused on attempt {attempt}: {ex.Message}");
                }

                return false;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                unclear = true;
                ledger.Count("send.error." + ex.GetType().Name);
            }

            if (!await WorkloadPacing.RetryPauseAsync(giveUp))
            {
                if (!repeat)
                {
                    ledger.Unacknowledged(letter, cleanRefusal: false, $"unacknowledged after {attempt} attempts when the run gave up retrying");
                }

                return false;
            }
        }
    }

    private async Task DeleterAsync(int task, CancellationToken stop, CancellationToken giveUp)
    {
        var random = new Random(TaskSeed(task));
        await using var client = new WorkloadClient(TortureClients.Rotated(cluster, task), ledger);
        while (await PauseAsync(random.Next(300, 901), stop))
        {
            var user = _users[random.Next(_users.Count)];
            var started = ledger.Now();
            IReadOnlyList<LetterView> listed;
            try
            {
                // List is local: the letters are on the machine this client talks to, where the delete goes next.
                listed = await client.Server.List(tokens[user]);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                ledger.Count("list.error." + ex.GetType().Name);
                continue;
            }

            LogAll(ledger.ObserveReadFlags(client.Gateway, user, listed, started));

            var claimed = ledger.ClaimForDelete(
                listed.OrderBy(_ => random.Next()).Select(l => (new LetterCopy(user, l.Id), SentLetter.TryParseSubject(l.Subject, out var s) ? s : null)),
                random.Next(1, 3));
            if (claimed.Count > 0)
            {
                await DeleteAsync(client, user, claimed, giveUp);
            }
        }
    }

    private async Task DeleteAsync(WorkloadClient client, string user, IReadOnlyList<LetterCopy> copies, CancellationToken giveUp)
    {
        var ids = copies.Select(c => c.LetterId).ToList();
        var unclear = false;
        for (var attempt = 1; ; attempt++)
        {
            var failovers = client.Failovers;
            var gateway = client.Gateway;
            try
            {
                await client.Server.Delete(tokens[user], ids);
                ledger.DeleteEnded(copies, DeleteState.Acknowledged);
                ledger.Count(attempt == 1 ? "delete.ack" : "delete.ack.retried");
                return;
            }
            catch (RequestRefusedException ex)
            {
                // Listed on this very gateway a moment ago and deleted by no one else: a clean refusal means the
                // letter vanished from the machine, which the audit will report as a lost letter.
                var clean = !unclear && client.Failovers == failovers;
                ledger.DeleteEnded(copies, clean ? DeleteState.Refused : DeleteState.Ambiguous);
                ledger.Count(clean ? "delete.refused" : "delete.refused.unclear");
                log.Write($"delete of {string.Join(", ", copies)} refused at {(clean ? gateway : client.Gateway)} on attempt {attempt}{(clean ? " (listed there just before)" : " after a failed attempt or fail-over")}: {ex.Message}");
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                unclear = true;
                ledger.Count("delete.error." + ex.GetType().Name);
            }

            if (!await WorkloadPacing.RetryPauseAsync(giveUp))
            {
                ledger.DeleteEnded(copies, DeleteState.Ambiguous);
                return;
            }
        }
    }

    private async Task ReaderAsync(int task, CancellationToken stop, CancellationToken giveUp)
    {
        var random = new Random(TaskSeed(task));
        await using var client = new WorkloadClient(TortureClients.Rotated(cluster, task), ledger);
        while (await PauseAsync(random.Next(500, 1501), stop))
        {
            var user = _users[random.Next(_users.Count)];
            var started = ledger.Now();
            ReceiveResult result;
            try
            {
                result = await client.Server.Receive(tokens[user]);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                ledger.Count("receive.error." + ex.GetType().Name);
                continue;
            }

            ledger.Count(result.Partial ? "receive.partial" : "receive.complete");
            LogAll(ledger.ObserveReadFlags(client.Gateway, user, result.Letters, started));
            CheckReceived(user, started, result, client.Gateway);
            if (result.Letters.Count > 0 && random.NextDouble() < ReadShare)
            {
                // Unread letters first: reading a read letter records nothing new.
                var unread = result.Letters.Where(l => !l.Read).ToList();
                var pool = unread.Count > 0 ? unread : result.Letters;
                await ReadAsync(client, new LetterCopy(user, pool[random.Next(pool.Count)].Id), giveUp);
            }
        }
    }

    // Reads (marks read on every machine) until acknowledged, refused, or the run gives up. A refusal is clean only
    // on a first attempt that did not fail over; a refused read is expected when the deleter got there first.
    private async Task ReadAsync(WorkloadClient client, LetterCopy copy, CancellationToken giveUp)
    {
        ledger.BeginRead(copy);
        var unclear = false;
        for (var attempt = 1; ; attempt++)
        {
            var failovers = client.Failovers;
            var gateway = client.Gateway;
            try
            {
                var shown = await client.Server.Read(tokens[copy.User], copy.LetterId);
                ledger.ReadEnded(copy, ChangeState.Acknowledged);
                ledger.Count(attempt == 1 ? "read.ack" : "read.ack.retried");
                if (shown.Id != copy.LetterId || !shown.Read)
                {
                    ledger.Violation($"read-answer:{copy}", $"Read of {copy} at {client.Gateway} answered letter {shown.Id} with read={shown.Read}");
                }

                return;
            }
            catch (RequestRefusedException ex)
            {
                var clean = !unclear && client.Failovers == failovers;
                ledger.ReadEnded(copy, clean ? ChangeState.Refused : ChangeState.Ambiguous);
                ledger.Count(clean ? "read.refused" : "read.refused.unclear");
                var deleted = ledger.DeleteStateOf(copy);
                log.Write($"read of {copy} refused at {(clean ? gateway : client.Gateway)} on attempt {attempt}"
                          + $"{(clean ? " (received there just before)" : " after a failed attempt or fail-over")}, delete {(deleted is null ? "never sent" : deleted)}: {ex.Message}");
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                unclear = true;
                ledger.Count("read.error." + ex.GetType().Name);
            }

            if (!await WorkloadPacing.RetryPauseAsync(giveUp))
            {
                ledger.ReadEnded(copy, ChangeState.Ambiguous);
                return;
            }
        }
    }

    private void LogAll(IReadOnlyList<string> violations)
    {
        foreach (var violation in violations)
        {
            log.Write("VIOLATION: " + violation);
        }
    }

    // Property 2: unless it says it is partial, Receive returns every letter acknowledged before it began, save those
    // the deleter has touched (a delete may be applied on this machine before or after it answers).
    private void CheckReceived(string user, long started, ReceiveResult result, string gateway)
    {
        var ids = result.Letters.Select(l => l.Id).ToList();
        foreach (var duplicate in ids.GroupBy(i => i, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            ledger.Violation($"receive-dup:{user}:{duplicate.Key}", $"Receive for {user} at {gateway} returned {duplicate.Key} {duplicate.Count()} times");
        }

        foreach (var stray in result.Letters.Where(l => !l.To.Contains(user)))
        {
            ledger.Violation($"receive-stray:{user}:{stray.Id}", $"Receive for {user} at {gateway} returned {stray.Id}, addressed to {string.Join(',', stray.To)}");
        }

        if (result.Partial)
        {
            return;
        }

        var have = ids.ToHashSet(StringComparer.Ordinal);
        var missing = ledger.AcknowledgedFor(user, started)
            .Where(s => !have.Contains(s.LetterId!) && !ledger.DeleteWasSent(new LetterCopy(user, s.LetterId!)))
            .ToList();
        foreach (var letter in missing)
        {
            var what = $"Receive for {user} at {gateway} said it was complete (not partial) but lacks a letter acknowledged before it began: {letter}";
            if (ledger.Violation($"receive-missing:{user}:{letter.LetterId}", what))
            {
                log.Write("VIOLATION: " + what);
            }
        }
    }

    private int TaskSeed(int task) => WorkloadPacing.TaskSeed(seed, task);

    private static string Body(Random random, SentLetter letter)
    {
        var text = new StringBuilder($"From {letter.From} to {string.Join(", ", letter.To)}, submission {letter.SubmissionId}.\n");
        var words = random.Next(3, 200);
        for (var i = 0; i < words; i++)
        {
            text.Append(random.Next(4) == 0 ? "mail " : "driver ");
        }

        return text.ToString();
    }

    private static Task<bool> PauseAsync(int milliseconds, CancellationToken stop) => WorkloadPacing.PauseAsync(milliseconds, stop);
}
