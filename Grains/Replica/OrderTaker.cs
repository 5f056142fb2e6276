using Maildriver.Grains.Hosting;
using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Replica;

/// <summary>
/// "The Delivery process takes its orders from the Master" (sections 5, 7.2 and 9): a batch of the Master's
/// orders, from its Sender for this machine, is applied in one transaction and answered with "got it" for each
/// letter now in the WorkSpace and "finished" for what is done. Orders of a deposed Master are refused.
/// </summary>
internal sealed class OrderTaker(ReplicaContext replica, MachineView view, Rebuild rebuild, Delivery delivery, WorkSpaceSignal workSpace, SiloFailFast failFast)
{
    /// <summary>Applies <paramref name="orders"/> from the Master of <paramref name="master"/>.</summary>
    public async Task<ApplyResult> ApplyAsync(ClusterView master, IReadOnlyList<Order> orders)
    {
        // Fencing: refuse a deposed Master. The same Master with an older stamp is only its own appointment of a
        // Lieutenant overtaking its orders in flight, not a rival.
        if (view.Current.Supersedes(master) && view.Current.Master != master.Master)
        {
            throw new StaleEpochException($"{replica.Machine} is at epoch {view.Current.Epoch} (Master {view.Current.Master}); refusing orders of epoch {master.Epoch} from {master.Master}");
        }

        await view.AdoptAsync(master);
        if (rebuild.Pending)
        {
            // The Master's Sender keeps the orders and tries again: they belong after the snapshot being copied.
            throw new InvalidOperationException($"{replica.Machine} is being rebuilt from a snapshot; its orders wait in its catch-up list");
        }

        ApplyResult result;
        try
        {
            result = (await replica.Store.Orders.ApplyAsync(orders)).Decide();
        }
        catch (System.Data.Common.DbException ex)
        {
            // Section 12: the store failed under us mid-protocol; stop the machine rather than guess what was
            // written. The transaction rolled back, so after a restart the Master simply sends the batch again.
            failFast.Crash($"{replica.Machine} could not store {orders.Count} orders from the Master: {ex.Message}");
            throw;
        }

        if (result.GotIt.Count > 0)
        {
            delivery.Kick();
        }

        workSpace.Raise();
        return result;
    }

    /// <summary>Applies the user's own delete or read flag at once, after the Master acknowledged it (its Sender brings it again).</summary>
    public async Task ApplyLocalAsync(IReadOnlyList<Order> orders)
    {
        await replica.Store.Orders.ApplyAsync(orders);
        workSpace.Raise();
    }
}
