using System.Globalization;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// The administrator's traffic through the crashes, one request every second or two: adds users
/// (<c>u{seed}-{n}</c>), most of them with a welcome letter from the administrator right after the add was
/// acknowledged, and mailing lists (<c>l{seed}-{n}</c>, members drawn from the fixed users), and deletes some of
/// those whose add was acknowledged. Each name is used once per run. As for mail, only what the client was told
/// counts: an exception is an unknown outcome, and the same request (same name, password, members; the same
/// submission id for a letter) is sent again until it is acknowledged, refused, or the run gives up.
/// </summary>
/// <param name="sendAsync">The workload's send-until-answered, which keeps the ledger of letters.</param>
public sealed class AdminWorkload(
    SiloProcessCluster cluster,
    string adminToken,
    IReadOnlyList<string> fixedUsers,
    TortureLedger ledger,
    TortureLog log,
    int seed,
    Func<WorkloadClient, SentLetter, string, CancellationToken, Task<bool>> sendAsync)
{
    private const string Admin = "admin";
    private const double WelcomeShare = 0.6;
    private const double DeleteUserShare = 0.2;
    private const double DeleteListShare = 0.15;
    private const double AddUserShare = 0.35;

    // A seed may be negative; a name must start with a letter or digit and may hold '-'.
    private readonly string _runTag = seed.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs the task until <paramref name="stop"/>; a change not yet acknowledged is retried until <paramref name="giveUp"/>.</summary>
    public async Task RunAsync(int task, CancellationToken stop, CancellationToken giveUp)
    {
        var random = new Random(WorkloadPacing.TaskSeed(seed, task));
        await using var client = new WorkloadClient(TortureClients.Rotated(cluster, task), ledger);
        for (var n = 1; await WorkloadPacing.PauseAsync(random.Next(1000, 2001), stop); n++)
        {
            // Every draw of a round is made up front, so the seed's choices do not depend on which names exist.
            var roll = random.NextDouble();
            var pick = random.Next(int.MaxValue);
            var welcome = random.NextDouble() < WelcomeShare;
            var members = fixedUsers.OrderBy(_ => random.Next()).Take(random.Next(1, 5)).Order(StringComparer.Ordinal).ToList();
            var name = string.Create(CultureInfo.InvariantCulture, $"{_runTag}-{n}");
            DirectoryKind? toDelete = roll < DeleteUserShare ? DirectoryKind.User : roll < DeleteUserShare + DeleteListShare ? DirectoryKind.List : null;
            if (toDelete is { } deleteKind && ledger.ClaimForDelete(deleteKind, count => pick % count) is { } deletion)
            {
                await DeleteAsync(client, deletion, giveUp);
                continue;
            }

            // With nothing of its kind to delete, a delete round adds one instead.
            var addKind = toDelete ?? (roll < DeleteUserShare + DeleteListShare + AddUserShare ? DirectoryKind.User : DirectoryKind.List);
            var entry = addKind == DirectoryKind.User
                ? ledger.BeginAdd(DirectoryKind.User, "u" + name, "pw-" + name, [])
                : ledger.BeginAdd(DirectoryKind.List, "l" + name, "", members);
            if (await AddAsync(client, entry, giveUp) && entry.Kind == DirectoryKind.User && welcome)
            {
                // Through the gateway that just acknowledged the add, which knows the user already (a fail-over to
                // one that does not yet may refuse it, as an unknown recipient).
                var letter = ledger.BeginSend("a" + n.ToString(CultureInfo.InvariantCulture), Admin, [entry.Name]);
                await sendAsync(client, letter, $"Welcome to Maildriver, {entry.Name}.", giveUp);
            }
        }
    }

    // True when the add was acknowledged.
    private async Task<bool> AddAsync(WorkloadClient client, DirectoryEntry entry, CancellationToken giveUp)
    {
        var kind = entry.Kind == DirectoryKind.User ? "adduser" : "addlist";
        var outcome = await RepeatUntilAnsweredAsync(client, kind, entry, giveUp, server => entry.Kind == DirectoryKind.User
            ? server.AddUser(adminToken, entry.Name, entry.Password, isAdmin: false)
            : server.AddList(adminToken, entry.Name, entry.Members));
        ledger.AddEnded(entry, outcome.State, outcome.Note);
        return outcome.State == ChangeState.Acknowledged;
    }

    private async Task DeleteAsync(WorkloadClient client, DirectoryEntry entry, CancellationToken giveUp)
    {
        var kind = entry.Kind == DirectoryKind.User ? "deleteuser" : "deletelist";
        var outcome = await RepeatUntilAnsweredAsync(client, kind, entry, giveUp, server => entry.Kind == DirectoryKind.User
            ? server.DeleteUser(adminToken, entry.Name)
            : server.DeleteList(adminToken, entry.Name));
        ledger.DeleteEnded(entry, outcome.State, outcome.Note);
    }

    // Sends the request until it is acknowledged, refused, or the run gives up. A refusal is clean only on a first
    // attempt that did not fail over: after a failed attempt, "no user 'x'" may mean that attempt deleted it.
    private async Task<(ChangeState State, string? Note)> RepeatUntilAnsweredAsync(
        WorkloadClient client, string kind, DirectoryEntry entry, CancellationToken giveUp, Func<IMailServer, Task> request)
    {
        var unclear = false;
        for (var attempt = 1; ; attempt++)
        {
            var failovers = client.Failovers;
            var gateway = client.Gateway;
            try
            {
                await request(client.Server);
                ledger.Count(attempt == 1 ? kind + ".ack" : kind + ".ack.retried");
                return (ChangeState.Acknowledged, null);
            }
            catch (RequestRefusedException ex)
            {
                var clean = !unclear && client.Failovers == failovers;
                ledger.Count(clean ? kind + ".refused" : kind + ".refused.unclear");
                var note = $"{kind} refused at {(clean ? gateway : client.Gateway)} on attempt {attempt}{(clean ? "" : " after a failed attempt or fail-over")}: {ex.Message}";
                log.Write($"{entry.Name}: {note}");
                return (clean ? ChangeState.Refused : ChangeState.Ambiguous, note);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                unclear = true;
                ledger.Count(kind + ".error." + ex.GetType().Name);
            }

            if (!await WorkloadPacing.RetryPauseAsync(giveUp))
            {
                return (ChangeState.Ambiguous, $"{kind} unacknowledged after {attempt} attempts when the run gave up retrying");
            }
        }
    }
}
