using Maildriver.Clustering.Placement;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;

using Orleans.Concurrency;

namespace Maildriver.Grains.Inbox;

/// <summary>
/// One user's inbox on one machine. Rows live in the machine's store (written by the Replica's delivery, in
/// bulk); this grain reads them, so list and poll cost one local indexed query and no remote call.
/// </summary>
// Reentrant: it only reads the store; a user's list, poll and read may run together.
[Reentrant]
// Pinned to the machine its key names: its state is that machine's disk.
[MachinePlacement]
public sealed class InboxGrain(MailStore store, SiloIdentity silo) : Grain, IInboxGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        MachineActivation.EnsureLocal(this.GetPrimaryKeyString(), silo.Name);
        return Task.CompletedTask;
    }

    private string User => this.GetPrimaryKeyString()[(this.GetPrimaryKeyString().IndexOf('/') + 1)..];

    public Task<IReadOnlyList<InboxEntry>> List(bool withBodies) => store.Inboxes.ListInboxAsync(User, withBodies);

    public Task<bool> Poll() => store.Inboxes.HasUnreadAsync(User);

    public Task<InboxEntry?> Get(string letterId) => store.Inboxes.GetInboxEntryAsync(User, letterId);

    public async Task<IReadOnlyList<string>> Filter(IReadOnlyList<string> letterIds)
        => (await store.Inboxes.FilterInInboxAsync(User, letterIds)).ToList();
}
