using Maildriver.Clustering.Placement;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Protocol;

using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Replica;

/// <summary>
/// The Delivery process (sections 5 and 7.3): valid protoletters in the WorkSpace become one stored letter plus
/// one inbox row per recipient, a batch per transaction, and the Master hears "I've finished it" for each. Only one
/// loop runs at a time; a kick while it runs makes it look once more before it stops.
/// </summary>
internal sealed partial class Delivery
{
    private const int Batch = 64;

    private readonly ReplicaContext _replica;
    private readonly MachineView _view;
    private readonly WorkSpaceSignal _workSpace;
    private readonly Func<bool> _held;
    private readonly SiloFailFast _failFast;
    private readonly ILogger _logger;
    private readonly List<string> _finishedToReport = [];
    private bool _delivering;
    private bool _deliverAgain;
    private bool _reporting;

    /// <param name="replica">The machine's replica.</param>
    /// <param name="view">Whose Master hears "finished".</param>
    /// <param name="workSpace">Raised after each delivered batch.</param>
    /// <param name="held">
    /// True while the store is about to be replaced by a rebuild: what it delivered would be overwritten, and a
    /// "finished" it reported would speak for mail the machine is about to lose.
    /// </param>
    /// <param name="failFast">Stops the machine when delivery fails.</param>
    /// <param name="logger">The replica's logger.</param>
    public Delivery(ReplicaContext replica, MachineView view, WorkSpaceSignal workSpace, Func<bool> held, SiloFailFast failFast, ILogger logger)
    {
        _replica = replica;
        _view = view;
        _workSpace = workSpace;
        _held = held;
        _failFast = failFast;
        _logger = logger;
    }

    /// <summary>Starts the loop, or makes the running one look again.</summary>
    public void Kick()
    {
        if (_held())
        {
            return;
        }

        if (_delivering)
        {
            _deliverAgain = true;
            return;
        }

        _delivering = true;
        _ = DeliverAsync();
    }

    private async Task DeliverAsync()
    {
        try
        {
            do
            {
                _deliverAgain = false;
                while (true)
                {
                    var batch = await _replica.Store.WorkSpace.GetValidProtolettersAsync(Batch);
                    if (batch.Count == 0)
                    {
                        break;
                    }

                    var delivered = await _replica.Store.WorkSpace.DeliverAsync(batch.Select(p => p.Letter.Header.Id).ToList());
                    _workSpace.Raise();
                    ReportFinished(delivered);
                }
            }
            while (_deliverAgain);
        }
        catch (Exception ex)
        {
            LogDeliveryFailed(_replica.Machine, ex);

            // Delivery is one transaction per batch, so the WorkSpace still shows exactly what is undelivered; a
            // restart resumes it. Carrying on in a state we cannot explain is what the paper forbids.
            _failFast.Crash($"{_replica.Machine}: delivery failed: {ex.Message}");
        }
        finally
        {
            _delivering = false;
        }
    }

    private void ReportFinished(IReadOnlyList<string> letterIds)
    {
        _finishedToReport.AddRange(letterIds);
        if (_reporting || _finishedToReport.Count == 0)
        {
            return;
        }

        _reporting = true;
        _ = ReportAsync();
    }

    private async Task ReportAsync()
    {
        try
        {
            while (_finishedToReport.Count > 0)
            {
                var view = _view.Current;
                var ids = _finishedToReport.ToList();
                _finishedToReport.Clear();
                try
                {
                    await _replica.Grains.GetGrain<IMasterGrain>(view.Master).Finished(view.Epoch, _replica.Machine, ids);
                }
                catch (Exception ex) when (Unreachable.Is(ex) || ex is NotMasterException)
                {
                    // A new Master re-issues what is unfinished and hears "finished" from the repeat; until the
                    // view changes, keep trying the one we know.
                    if (_view.Current.Epoch == view.Epoch)
                    {
                        _finishedToReport.InsertRange(0, ids);
                        await _replica.PauseAsync();
                    }
                }
            }
        }
        finally
        {
            _reporting = false;
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Machine}: delivery failed")]
    private partial void LogDeliveryFailed(string machine, Exception error);
}
