using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Replica;

/// <summary>
/// This machine's answer to "So who's the Master these days, anyway?" (section 10.2): the newest view it knows
/// (epoch, Master, Lieutenant), kept on its disk, and whether its own Master may run. A view only ever moves
/// forward; a machine that learns of another Master stops being one.
/// </summary>
internal sealed class MachineView(ReplicaContext replica, StoredView stored)
{
    private bool _mastershipGranted;
    private bool _takeOverPending;
    private bool _masterRunning;

    /// <summary>The newest view this machine knows.</summary>
    public ClusterView Current { get; private set; } = null!;

    /// <summary>Whether the machine has a view on disk: false for a new machine or one whose disk was lost.</summary>
    public bool Exists => stored.Exists;

    /// <summary>Whether a Master may run on this machine: granted at the first start, a takeover or a change of master.</summary>
    public bool MastershipGranted => _mastershipGranted;

    /// <summary>Whether this machine's Master is running and is still the one the view names (the Pulse says so).</summary>
    public bool MasterRunning => _masterRunning && Current.Master == replica.Machine;

    /// <summary>Reads the stored view; a machine with none starts from the configured first Master and Lieutenant.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Current = await stored.ReadAsync(cancellationToken)
                  ?? new ClusterView(1, replica.Options.InitialMaster, replica.Options.InitialLieutenant);
    }

    /// <summary>Writes the current view to disk (a new machine's first one).</summary>
    public Task StoreAsync() => stored.WriteAsync(Current);

    /// <summary>Adopts <paramref name="view"/> if it is newer; a view naming another Master ends this machine's mastership.</summary>
    public async Task AdoptAsync(ClusterView view)
    {
        if (!view.Supersedes(Current))
        {
            return;
        }

        Current = view;
        if (view.Master != replica.Machine)
        {
            _mastershipGranted = false;
            _masterRunning = false;
        }

        await stored.WriteAsync(view);
    }

    /// <summary>Asks every other machine for its view and adopts the newest.</summary>
    public async Task RefreshAsync()
    {
        var others = replica.Options.Machines.Where(m => m != replica.Machine).Select(async m =>
        {
            try
            {
                return await replica.Grains.GetGrain<IReplicaGrain>(m).GetView().WaitAsync(replica.Options.NoPulseTimeout, replica.Time);
            }
            catch (Exception)
            {
                return null;
            }
        });
        foreach (var view in await Task.WhenAll(others))
        {
            if (view is not null)
            {
                await AdoptAsync(view);
            }
        }
    }

    /// <summary>The first start of a new cluster makes the initial Master without a takeover.</summary>
    public void GrantFirstMastership() => _mastershipGranted = true;

    /// <summary>A takeover or a change of master names this machine Master of <paramref name="view"/>; its records follow.</summary>
    public async Task GrantMastershipAsync(ClusterView view)
    {
        if (view.Master != replica.Machine || !view.Supersedes(Current))
        {
            throw new StaleEpochException($"{replica.Machine} cannot become Master of epoch {view.Epoch}: it is at epoch {Current.Epoch}");
        }

        Current = view;
        _mastershipGranted = true;
        _takeOverPending = true;
        await stored.WriteAsync(view);
    }

    /// <summary>
    /// A Master that stepped down lost nothing to the others (the Lieutenant holds its records), but its state here
    /// is gone: it must not come back by a stray call; only a takeover or a change of master grants it again.
    /// </summary>
    public void MasterStopped()
    {
        _mastershipGranted = false;
        _takeOverPending = false;
        _masterRunning = false;
    }

    /// <summary>The Master activating on this machine asks whether it may run, and whether its records are still to come.</summary>
    public Mastership ConfirmMastership()
    {
        if (Current.Master != replica.Machine)
        {
            throw new NotMasterException($"{replica.Machine} is not Master; {Current.Master} is (epoch {Current.Epoch})");
        }

        if (!_mastershipGranted)
        {
            // The view still names this machine, but its Master's state is gone: it restarted or stepped down, and
            // only a takeover or a change of master makes it Master again.
            throw new NotMasterException($"{replica.Machine} was Master of epoch {Current.Epoch} but restarted or stepped down; a takeover names the next Master");
        }

        _masterRunning = true;

        // Every grant is followed by a TakeOver call with the records; the first activation after it waits for them.
        var pending = _takeOverPending;
        _takeOverPending = false;
        return new Mastership(Current, pending);
    }
}
