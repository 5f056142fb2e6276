using Maildriver.Grains.Hosting;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;
using Maildriver.Grains.Telemetry;

namespace Maildriver.Grains.Replica;

/// <summary>
/// The machine's view of the cluster (epoch, Master, Lieutenant: the paper's "who's the Master these days"), kept as
/// Orleans grain state in the machine's own database. Its ETag makes a second writer of the same view (a stale
/// activation, a second process on the same data) fail loudly instead of silently undoing the other's change.
/// Machines whose view was written by an older Maildriver, in the store's <c>cluster_view</c> row, have it carried over
/// once, at the first read.
/// </summary>
internal sealed class StoredView(IPersistentState<ViewState> state, MailStore store, MaildriverMetrics metrics)
{
    /// <summary>The grain storage provider that holds it: the machine's own database.</summary>
    public const string StorageName = MachineGrainStorageName.Value;

    /// <summary>The name of the state.</summary>
    public const string StateName = "view";

    /// <summary>Whether the machine has a view at all: false for a new machine or one whose store was lost.</summary>
    public bool Exists => state.RecordExists;

    /// <summary>The stored view, carrying an older Maildriver's over first; null when the machine has none.</summary>
    public async Task<ClusterView?> ReadAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            var view = state.State.ToView();
            metrics.SetEpoch(view.Epoch);
            return view;
        }

        if (await store.GetClusterViewAsync(cancellationToken) is { } legacy)
        {
            await WriteAsync(legacy);
            return legacy;
        }

        return null;
    }

    /// <summary>Stores <paramref name="view"/>; throws <see cref="Orleans.Storage.InconsistentStateException"/> if another writer got there first.</summary>
    public Task WriteAsync(ClusterView view)
    {
        state.State = ViewState.From(view);
        metrics.SetEpoch(view.Epoch);
        return state.WriteStateAsync();
    }
}
