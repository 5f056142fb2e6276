using Maildriver.Grains.Common;
using Maildriver.Clustering.Placement;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Inbox;
using Maildriver.Grains.Mime;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;
using Maildriver.Grains.Telemetry;

using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;
using Orleans.Runtime.Messaging;

namespace Maildriver.Grains.Server;

/// <summary>
/// The Server process of the machine the client is connected to (section 7.1, 8 and 9). It checks the token and
/// the input, then does the local part itself and hands the rest to the Replica and the Master. A refused request
/// changes nothing.
/// </summary>
/// <remarks>
/// A stateless worker: Orleans activates it on the silo whose gateway took the client's call, so a client is served
/// by the machine it is connected to, whatever key it uses, and a machine answers even while others are down.
/// </remarks>
[StatelessWorker]
// Reentrant: Orleans gives a stateless worker at most one activation per core (two here), each one request at a time,
// and a send holds its turn until acknowledged, a receive while it waits for letters mid-delivery. Without it a machine
// served two requests at once, whatever the number of clients (group commit never saw a batch: 8 fsyncs per letter at
// 64 senders in the benchmark, against 1.5 on the old runtime). The grain keeps nothing between awaits but its
// constructor's services, so its calls may interleave.
[Reentrant]
public sealed partial class MailServerGrain(
    MailStore store, MaildriverOptions options, TokenService tokens, SiloIdentity silo, TimeProvider time, MaildriverMetrics metrics, MailboxWatchers watchers,
    MailboxOpenings openings, LetterContents contents)
    : Grain, IMailServer
{
    private const int MaxRecipients = 20_000;
    private static readonly TimeSpan MasterWait = TimeSpan.FromSeconds(15);

    private string Machine => silo.Name;

    // Registered with the mail ports (mailPorts.mailDomain); a silo set up without them uses the default.
    private MailDomain Domain => ServiceProvider.GetService<MailDomain>() ?? MailDomain.Default;

    private IReplicaGrain Replica => GrainFactory.GetGrain<IReplicaGrain>(Machine);

    private IInboxGrain InboxOf(string user) => GrainFactory.GetGrain<IInboxGrain>($"{Machine}/{user}");

    public async Task<ServerInfo> Hello()
    {
        var view = await Replica.GetView();
        return new ServerInfo(Machine, view.Master, view.Epoch);
    }

    public async Task<LoginResult> Login(string user, string password)
    {
        var record = string.IsNullOrEmpty(user) ? null : await store.Users.GetUserAsync(user);
        if (record is null || !PasswordHasher.Verify(password ?? string.Empty, record.PasswordHash))
        {
            throw new RequestRefusedException("login failed: unknown user or wrong password");
        }

        return new LoginResult(tokens.Issue(record.Name), record.Name, record.IsAdmin, Machine);
    }

    public async Task<SendResult> Send(SendRequest request)
    {
        var started = time.GetTimestamp();
        var user = await AuthenticateAsync();
        if (request is null)
        {
            throw new RequestRefusedException("malformed request: no letter");
        }

        var submissionId = request.SubmissionId?.Trim();
        if (string.IsNullOrEmpty(submissionId) || submissionId.Length > 200)
        {
            throw new RequestRefusedException("malformed request: a submission id of 1-200 characters is required");
        }

        // The message's To names whom the sender addressed, a list by its own address as mailing lists do: never its
        // members, who would each see every other member's address (and a 10,000-member list made each letter to it
        // some 250 KB longer on every machine). The letter is delivered to the expanded recipients all the same.
        var addressed = Addressed(request.To);
        var recipients = await ExpandRecipientsAsync(addressed);
        var key = $"{user.Name}/{submissionId}";
        var (subject, message) = OutgoingLetter.Compose(request, user.Name, addressed, key, Domain, time.GetUtcNow(), options.MaxLetterBytes);
        var id = await Replica.Accept(new Submission(user.Name, recipients, subject, message, key));
        metrics.SendAcknowledged(time.GetElapsedTime(started));
        return new SendResult(id);
    }

    // The names the sender wrote, each once, in their order.
    private static List<string> Addressed(IReadOnlyList<string>? to)
        => to is null || to.Count == 0
            ? throw new RequestRefusedException("no recipients")
            : [.. to.Select(raw => raw?.Trim() ?? string.Empty).Distinct(StringComparer.Ordinal)];

    // Section 7.1: recipient parsing, including list expansion, happens on the origin machine.
    private async Task<IReadOnlyList<string>> ExpandRecipientsAsync(List<string> names)
    {
        // One read for every user named (a letter may name 10,000 of them: one read each was most of its
        // acknowledgement); only the names that are no user are looked up as lists.
        var users = await store.Users.GetExistingUsersAsync(names);
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (users.Contains(name))
            {
                if (seen.Add(name))
                {
                    result.Add(name);
                }
            }
            else if (await store.Users.GetListAsync(name) is { } list)
            {
                foreach (var member in list.Members.Where(seen.Add))
                {
                    result.Add(member);
                }
            }
            else
            {
                throw new RequestRefusedException($"unknown recipient '{name}'");
            }
        }

        if (result.Count > MaxRecipients)
        {
            throw new RequestRefusedException($"too many recipients: {result.Count}; the limit is {MaxRecipients}");
        }

        return result;
    }

    public async Task<ReceiveResult> Receive()
    {
        var user = await AuthenticateAsync();
        var deadline = time.GetUtcNow() + options.ReceiveWait;
        var partial = false;
        try
        {
            // Section 8, first step: the rush order, so letters still on their way here come first.
            var stillMissing = await CallMasterAsync(m => m.RushOrder(Machine, user.Name, options.ReceiveWait), options.ReceiveWait);
            partial = stillMissing > 0;
        }
        catch (Exception ex) when (Unreachable.Is(ex) || ex is NotMasterException)
        {
            // Without a Master we cannot know what is still on its way: say so.
            partial = true;
        }

        var remaining = deadline - time.GetUtcNow();
        if (!await Replica.AwaitWorkSpace(user.Name, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero))
        {
            partial = true;
        }

        var entries = await InboxOf(user.Name).List(withBodies: true);
        return new ReceiveResult(entries.Select(ToView).ToList(), partial);
    }

    public async Task<IReadOnlyList<LetterView>> List()
    {
        var user = await AuthenticateAsync();
        return (await InboxOf(user.Name).List(withBodies: false)).Select(ToView).ToList();
    }

    public async Task<PollResult> Poll()
    {
        var user = await AuthenticateAsync();
        return new PollResult(await InboxOf(user.Name).Poll());
    }

    public async Task<LetterView> Read(string letterId)
    {
        var user = await AuthenticateAsync();
        var entry = await InboxOf(user.Name).Get(letterId ?? string.Empty)
                    ?? throw new RequestRefusedException($"no letter '{letterId}' in your inbox");
        if (!entry.Read)
        {
            // A read names its moment, as a flag change does: after an unread (SetFlags clearing \Seen) a second read
            // is a new request, which the Master must not take for the first one still under way.
            var order = new Order($"read:{letterId}:{user.Name}:{time.GetUtcNow().UtcTicks}", OrderKind.MarkRead, LetterId: letterId, User: user.Name);
            await CallMasterAsync(m => m.Record([order]), MasterWait);
            await Replica.ApplyLocal([order]);
        }

        return ToView(entry with { Read = true });
    }

    public async Task<bool> Watch(IMailboxObserver observer)
    {
        var user = await AuthenticateAsync();
        return watchers.Add(user.Name, observer ?? throw new RequestRefusedException("malformed request: no observer"));
    }

    public async Task<DeleteResult> Delete(IReadOnlyList<string> letterIds)
    {
        var user = await AuthenticateAsync();
        var ids = (letterIds ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            throw new RequestRefusedException("no letters to delete");
        }

        // Section 9.1: verify the letters are in the user's inbox; an unknown id refuses the whole request. A letter
        // this user already deleted is no error: it is a client repeating a delete whose answer it lost.
        var present = (await InboxOf(user.Name).Filter(ids)).ToHashSet(StringComparer.Ordinal);
        var absent = ids.Where(i => !present.Contains(i)).ToList();
        var alreadyDeleted = absent.Count == 0 ? new HashSet<string>() : await store.Letters.FilterDeletedAsync(user.Name, absent);
        var missing = absent.Where(i => !alreadyDeleted.Contains(i)).ToList();
        if (missing.Count > 0)
        {
            throw new RequestRefusedException($"not in your inbox: {string.Join(", ", missing)}");
        }

        var orders = ids.Select(i => new Order($"del:{i}:{user.Name}", OrderKind.Delete, LetterId: i, User: user.Name)).ToList();
        await CallMasterAsync(m => m.Record(orders), MasterWait);
        await Replica.ApplyLocal(orders);
        return new DeleteResult(ids);
    }

    public async Task AddUser(string name, string password, bool isAdmin)
    {
        await AuthenticateAdminAsync();
        Names.Check(name, "user");
        if (string.IsNullOrEmpty(password))
        {
            throw new RequestRefusedException("a password is required");
        }

        if (await store.Users.GetListAsync(name) is not null)
        {
            throw new RequestRefusedException($"'{name}' is already a mailing list");
        }

        var record = new MailUser(name, PasswordHasher.Hash(password, options.PasswordIterations), isAdmin, MailUser.NewUidValidity(time.GetUtcNow()));
        await RecordAndApplyHereAsync(new Order($"user+:{name}:{Guid.NewGuid():N}", OrderKind.AddUser, UserRecord: record));
    }

    public async Task DeleteUser(string name)
    {
        var admin = await AuthenticateAdminAsync();
        if (await store.Users.GetUserAsync(name ?? string.Empty) is null)
        {
            throw new RequestRefusedException($"no user '{name}'");
        }

        if (name == admin.Name)
        {
            throw new RequestRefusedException("you cannot delete yourself");
        }

        await RecordAndApplyHereAsync(new Order($"user-:{name}:{Guid.NewGuid():N}", OrderKind.DeleteUser, User: name));
    }

    public async Task AddList(string name, IReadOnlyList<string> members)
    {
        await AuthenticateAdminAsync();
        Names.Check(name, "list");
        if (await store.Users.GetUserAsync(name) is not null)
        {
            throw new RequestRefusedException($"'{name}' is already a user");
        }

        var list = (members ?? []).Select(m => m?.Trim() ?? string.Empty).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0)
        {
            throw new RequestRefusedException("a list needs at least one member");
        }

        var unknown = (await store.Users.GetExistingUsersAsync(list)) is var existing ? list.Where(m => !existing.Contains(m)).ToList() : [];
        if (unknown.Count > 0)
        {
            throw new RequestRefusedException($"unknown users: {string.Join(", ", unknown)}");
        }

        await RecordAndApplyHereAsync(new Order($"list+:{name}:{Guid.NewGuid():N}", OrderKind.AddList, List: new MailingList(name, list)));
    }

    public async Task DeleteList(string name)
    {
        await AuthenticateAdminAsync();
        if (await store.Users.GetListAsync(name ?? string.Empty) is null)
        {
            throw new RequestRefusedException($"no list '{name}'");
        }

        await RecordAndApplyHereAsync(new Order($"list-:{name}:{Guid.NewGuid():N}", OrderKind.DeleteList, List: new MailingList(name!, [])));
    }

    public async Task<MasterStatus> ChangeMaster(string machine)
    {
        await AuthenticateAdminAsync();
        if (!options.Machines.Contains(machine ?? string.Empty))
        {
            throw new RequestRefusedException($"unknown machine '{machine}' (known: {string.Join(", ", options.Machines)})");
        }

        await CallMasterAsync(m => m.ChangeMaster(machine!), MasterWait);
        return await CallMasterAsync(m => m.Status(), MasterWait);
    }

    public async Task<MasterStatus> Status()
    {
        await AuthenticateAdminAsync();
        return await CallMasterAsync(m => m.Status(), MasterWait);
    }

    // Once the Master and Lieutenant have it the change is safe; applying it here too means the administrator's
    // next request on this machine already sees it (the Master's own order, arriving later, is then a repeat).
    private async Task RecordAndApplyHereAsync(Order order)
    {
        await CallMasterAsync(m => m.Record([order]), MasterWait);
        await Replica.ApplyLocal([order]);
    }

    // The token travels in the request context, set by the caller for this call only (MailSession).
    private async Task<MailUser> AuthenticateAsync()
    {
        var name = tokens.Validate(MailSession.Token);
        return await store.Users.GetUserAsync(name) ?? throw new RequestRefusedException($"user '{name}' no longer exists");
    }

    private async Task<MailUser> AuthenticateAdminAsync()
    {
        var user = await AuthenticateAsync();
        return user.IsAdmin ? user : throw new RequestRefusedException("permission denied: administrators only");
    }

    // Calls whoever this machine believes is Master; while a takeover is under way the Master may be unreachable
    // or may not be Master yet, so keep asking (with a fresh view) until the deadline.
    private async Task<T> CallMasterAsync<T>(Func<IMasterGrain, Task<T>> call, TimeSpan patience)
    {
        var deadline = time.GetUtcNow() + patience;
        while (true)
        {
            var view = await Replica.GetView();
            try
            {
                return await call(GrainFactory.GetGrain<IMasterGrain>(view.Master));
            }
            catch (Exception ex) when (MasterOutOfReach(ex) && time.GetUtcNow() < deadline)
            {
                await Task.Delay(options.PulseInterval, time);
            }
            catch (Exception ex) when (ex is ConnectionFailedException or OrleansMessageRejectionException)
            {
                // Out of patience with a Master whose machine does not answer. Not passed on as it is: to a client,
                // a connection failure means its gateway is gone, and it would repeat the call on every other
                // gateway, whose machines cannot reach that Master either, then report that no gateway answers.
                throw new MachineUnavailableException(view.Master, $"the Master there does not answer ({ex.Message})");
            }
        }
    }

    /// <summary>
    /// Whether the Master may answer a repeat of the call soon: a machine dies, a Master changes, and until the
    /// cluster's membership and this machine's view catch up, the view names a Master that is gone (a connection that
    /// fails or a message rejected on the way to its machine) or no longer Master. Every call repeated here is an
    /// order or a request with its own id, so repeating it does it once.
    /// </summary>
    private static bool MasterOutOfReach(Exception error)
        => error is SiloUnavailableException or NotMasterException || (Unreachable.Is(error) && error is not TimeoutException);

    private Task CallMasterAsync(Func<IMasterGrain, Task> call, TimeSpan patience)
        => CallMasterAsync(async m =>
        {
            await call(m);
            return true;
        }, patience);

    private LetterView ToView(InboxEntry e) => LetterViews.Of(e, contents);
}
