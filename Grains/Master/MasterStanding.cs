using Maildriver.Grains.Dashboard;

using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>
/// This activation's standing as Master (sections 9.3 and 11): the view it is Master of, whether it may take
/// requests yet (a Master made by a takeover or a change of master waits for the records it starts from), and whether
/// it still is Master. Fencing, not in the paper: a Master that learns of a newer one steps down at once, so that two
/// Masters never issue orders side by side. Its notes in the operators' log are signed with its rank.
/// </summary>
internal sealed partial class MasterStanding
{
    private readonly MasterContext _master;
    private readonly ClusterEventLog _events;
    private readonly Senders _senders;
    private readonly DeliveryQueue _deliveries;
    private readonly Action _deactivate;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _takenOver = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="master">The Master's machine and services.</param>
    /// <param name="granted">What the Master's own machine granted: the view, and whether a takeover is still to come.</param>
    /// <param name="events">The operators' log of the cluster's life.</param>
    /// <param name="senders">Stopped when this Master stops being one.</param>
    /// <param name="deliveries">Whose waiters are let go when this Master steps down.</param>
    /// <param name="deactivate">Ends the grain's activation once it is idle.</param>
    /// <param name="logger">The Master's logger.</param>
    public MasterStanding(MasterContext master, Mastership granted, ClusterEventLog events, Senders senders, DeliveryQueue deliveries, Action deactivate, ILogger logger)
    {
        _master = master;
        _events = events;
        _senders = senders;
        _deliveries = deliveries;
        _deactivate = deactivate;
        _logger = logger;
        View = granted.View;
        if (!granted.TakeOverPending)
        {
            _takenOver.TrySetResult();
        }
    }

    /// <summary>The view this Master is Master of; a new one at each appointment of a Lieutenant.</summary>
    public ClusterView View { get; set; }

    /// <summary>True once this Master was replaced or handed over: it issues and acknowledges nothing more.</summary>
    public bool Deposed { get; private set; }

    /// <summary>True once the records a takeover starts from are in (at once for a Master that took over nothing).</summary>
    public bool TakenOver => _takenOver.Task.IsCompleted;

    /// <summary>Throws <see cref="NotMasterException"/> once this Master is deposed.</summary>
    public void ThrowIfDeposed()
    {
        if (Deposed)
        {
            throw new NotMasterException($"{_master.Machine} is no longer Master");
        }
    }

    /// <summary>
    /// What every request waits for: a Master activated by a takeover or a change of master takes no request until it
    /// has the records it starts from. A client's retry of a letter in them must find that letter, not become a second
    /// one with the same submission; reentrancy would otherwise let a request in between the grant and the takeover.
    /// </summary>
    public Task ReadyAsync()
    {
        ThrowIfDeposed();
        return TakenOver
            ? Task.CompletedTask
            : _takenOver.Task.WaitAsync(_master.Options.NoPulseTimeout * 4, _master.Time, _master.Silo.Stopping);
    }

    /// <summary>The records a takeover starts from are in: requests may come in.</summary>
    public void OpenForRequests() => _takenOver.TrySetResult();

    /// <summary>
    /// A handover begins ("finish up what you're doing and exit"): this Master stops issuing orders, and takes no more
    /// acknowledgements, until <see cref="Reinstate"/> or for good.
    /// </summary>
    public void Resign()
    {
        Deposed = true;
        _senders.StopAll();
    }

    /// <summary>The handover failed before the new Master took it: carry on as Master.</summary>
    public void Reinstate()
    {
        Deposed = false;
        _senders.ResumeAll();
    }

    /// <summary>
    /// Fencing: machine <paramref name="machine"/> knows a newer epoch, so this Master was replaced (wrongly declared
    /// dead, partitioned away). It stops issuing orders at once; its machine rejoins as an ordinary one.
    /// </summary>
    public void StepDown(string machine)
    {
        if (Deposed)
        {
            return;
        }

        Deposed = true;
        LogDeposed(_master.Machine, View.Epoch, machine);
        Note(ClusterEventKind.SteppedDown, _master.Machine, $"{_master.Machine} steps down as Master: {machine} knows a newer Master");
        _senders.StopAll();
        _deliveries.ReleaseAllWaiters();
        _ = _master.Replica(_master.Machine).MasterStopped();
        _deactivate();
    }

    /// <summary>
    /// Every change of the cluster's life goes to the operators' log, signed "Master MD1" so that it is never taken
    /// for the same machine's Lieutenant.
    /// </summary>
    public void Note(ClusterEventKind kind, string subject, string text, long? count = null)
        => _events.Publish($"Master {_master.Machine}", kind, subject, View.Epoch, text, count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine} steps down as Master of epoch {Epoch}: {Other} knows a newer Master")]
    private partial void LogDeposed(string machine, long epoch, string other);
}
