using Maildriver.Clustering.Placement;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Protocol;

using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Replica;

/// <summary>
/// When a machine comes back up (section 10.2): it cleans up its WorkSpace (a bogus protoletter was half received
/// when it died and goes; a valid one shows exactly who still needs the letter, so delivery simply resumes), then
/// asks "I'm here! I'm here! So who's the Master these days, anyway?" and announces itself to that Master, which
/// catches it up. A store to be rebuilt is copied from another machine first (<see cref="Rebuild"/>).
/// </summary>
internal sealed partial class Rebirth
{
    private readonly ReplicaContext _replica;
    private readonly MachineView _view;
    private readonly Rebuild _rebuild;
    private readonly Delivery _delivery;
    private readonly WorkSpaceSignal _workSpace;
    private readonly SiloReadiness _readiness;
    private readonly ILogger _logger;
    private Task? _started;

    /// <param name="replica">The machine's replica.</param>
    /// <param name="view">The machine's view, learnt anew from the others.</param>
    /// <param name="rebuild">Copies the store from another machine when it must.</param>
    /// <param name="delivery">Resumed once the WorkSpace is clean.</param>
    /// <param name="workSpace">Raised when a rebuilt store is in.</param>
    /// <param name="readiness">Held back while the store is being rebuilt.</param>
    /// <param name="logger">The replica's logger.</param>
    public Rebirth(ReplicaContext replica, MachineView view, Rebuild rebuild, Delivery delivery, WorkSpaceSignal workSpace, SiloReadiness readiness, ILogger logger)
    {
        _replica = replica;
        _view = view;
        _rebuild = rebuild;
        _delivery = delivery;
        _workSpace = workSpace;
        _readiness = readiness;
        _logger = logger;
    }

    /// <summary>Runs the rebirth once per activation; every caller awaits the same cleanup.</summary>
    public Task StartAsync() => _started ??= CleanUpAsync();

    private async Task CleanUpAsync()
    {
        // An empty store (a new machine, or one whose disk was lost) and a restored one have the same need: to be
        // rebuilt from the others before they serve anyone. The flag is stored so a crash mid-rebuild resumes it.
        var fresh = !_view.Exists;
        if (fresh)
        {
            await _rebuild.MarkNeededAsync();
            await _view.StoreAsync();
        }

        var rebuild = await _rebuild.ReadPendingAsync();
        var dropped = await _replica.Store.WorkSpace.DropBogusAsync();
        LogReborn(_replica.Machine, dropped, _view.Current.Master, _view.Current.Epoch);
        _delivery.Kick();
        _ = JoinClusterAsync(fresh, rebuild);
    }

    // Learn the newest view from the others, then announce ourselves to its Master, which catches us up. A machine
    // that restarts never resumes a rank by itself: a restarted Master asks its Lieutenant to take over (its own
    // state is gone); only the first start of a new cluster makes the initial Master. A machine to be rebuilt
    // copies the Master's machine first.
    private async Task JoinClusterAsync(bool fresh, bool rebuild)
    {
        var machine = _replica.Machine;
        var grains = _replica.Grains;
        using var notReady = rebuild ? _readiness.HoldBack($"{machine} is being rebuilt from the other machines") : null;
        while (true)
        {
            try
            {
                await _view.RefreshAsync();
                if (_view.Current.Master == machine)
                {
                    if ((fresh && _view.Current.Epoch == 1) || _replica.Options.Machines.Count == 1)
                    {
                        // The first start of a new cluster: there is nothing to rebuild from.
                        await FinishRebuildAsync(notReady);
                        _view.GrantFirstMastership();
                        await grains.GetGrain<IMasterGrain>(machine).Status();
                        return;
                    }

                    if (_view.MastershipGranted)
                    {
                        // Made Master while waiting (a takeover after a restore of the whole cluster): its own store
                        // is now the cluster's record.
                        await FinishRebuildAsync(notReady);
                        return;
                    }

                    // Its Lieutenant takes over; a Master that had none takes over again from the records it kept.
                    await grains.GetGrain<ILieutenantGrain>(_view.Current.Lieutenant ?? machine).MasterDied(_view.Current.Epoch, machine);
                }
                else
                {
                    if (rebuild)
                    {
                        await _rebuild.CopyFromAsync(_view.Current.Master);
                        rebuild = false;
                        await FinishRebuildAsync(notReady);
                    }

                    await _view.AdoptAsync(await grains.GetGrain<IMasterGrain>(_view.Current.Master).Hello(machine));

                    // "Whenever a machine comes back up, it erases both its Master and Lieutenant directories."
                    await _replica.Store.MasterDirectory.ClearAsync();
                    if (_view.Current.Lieutenant == machine)
                    {
                        await grains.GetGrain<ILieutenantGrain>(machine).PendingCount();
                    }
                    else
                    {
                        await _replica.Store.LieutenantDirectory.ClearAsync();
                    }

                    LogJoined(machine, _view.Current.Master, _view.Current.Epoch);
                    return;
                }
            }
            catch (Exception ex) when (Unreachable.Is(ex) || ex is NotMasterException or StaleEpochException)
            {
                // The Master is unreachable or changing: ask again shortly.
            }
            catch (Exception ex) when (rebuild && !_replica.Silo.Stopping.IsCancellationRequested)
            {
                // A rebuild that failed part-way (its source died, a snapshot arrived damaged) starts over: the
                // import is all-or-nothing and the Master restarts the catch-up list each time.
                LogRebuildFailed(machine, ex);
            }

            await _replica.PauseAsync();
        }
    }

    private async Task FinishRebuildAsync(IDisposable? notReady)
    {
        if (notReady is null)
        {
            return;
        }

        await _rebuild.FinishAsync();
        notReady.Dispose();
        _workSpace.Raise();
        _delivery.Kick();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} reborn: dropped {Dropped} bogus protoletters; Master is {Master} (epoch {Epoch})")]
    private partial void LogReborn(string machine, int dropped, string master, long epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} joined: Master is {Master} (epoch {Epoch})")]
    private partial void LogJoined(string machine, string master, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine}: the rebuild failed part-way; starting it over")]
    private partial void LogRebuildFailed(string machine, Exception error);
}
