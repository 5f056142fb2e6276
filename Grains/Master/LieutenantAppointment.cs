using Maildriver.Clustering.Placement;

using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>
/// The appointment of a Lieutenant (sections 10.1 and 11, the appendix's ProcessLifeOrDeath: "pick &amp; connect to
/// some random Lieutenant; inform it that it is now Lieutenant; send it every .sending and .deleting file and the
/// ActiveMachineList"), and the announcement of the new view it makes to every live machine.
/// </summary>
internal sealed partial class LieutenantAppointment
{
    private readonly MasterContext _master;
    private readonly MasterStanding _standing;
    private readonly Caretaker _caretaker;
    private readonly Func<IReadOnlyList<LieutenantRecord>> _records;
    private readonly ILogger _logger;
    private bool _noLieutenantNoted;

    /// <param name="master">The Master's machine and services.</param>
    /// <param name="standing">The Master's view, which each appointment replaces.</param>
    /// <param name="caretaker">Which machines are alive, and the DML the new Lieutenant is given.</param>
    /// <param name="records">Every pending send and request, as records, in request order.</param>
    /// <param name="logger">The Master's logger.</param>
    public LieutenantAppointment(MasterContext master, MasterStanding standing, Caretaker caretaker, Func<IReadOnlyList<LieutenantRecord>> records, ILogger logger)
    {
        _master = master;
        _standing = standing;
        _caretaker = caretaker;
        _records = records;
        _logger = logger;
    }

    /// <summary>True while a Lieutenant is being appointed.</summary>
    public bool Appointing { get; private set; }

    /// <summary>
    /// Picks the next Lieutenant (the first live machine after this one in configuration order), sends it every
    /// pending send and request (<paramref name="records"/>, or the Master's own) and the DML, and announces the new
    /// view (a new epoch) to every live machine. Then this machine's own copy of the records it took over with, kept
    /// until now as their second durable copy, can go.
    /// </summary>
    public async Task AppointAsync(IReadOnlyList<LieutenantRecord>? records = null)
    {
        if (Appointing || _standing.Deposed)
        {
            return;
        }

        Appointing = true;
        try
        {
            var machine = _master.Machine;
            var machines = _master.Options.Machines;
            var order = machines.SkipWhile(m => m != machine).Skip(1).Concat(machines.TakeWhile(m => m != machine));
            foreach (var candidate in order.Where(m => !_caretaker.IsDead(m)))
            {
                var view = new ClusterView(_standing.View.Epoch + 1, machine, candidate);
                try
                {
                    await _master.Replica(candidate).AdoptView(view);
                    await _master.Grains.GetGrain<ILieutenantGrain>(candidate).Appoint(view, records ?? _records(), _caretaker.DeadMachineList.ToList());
                }
                catch (Exception ex) when (Unreachable.Is(ex) || ex is StaleEpochException)
                {
                    continue;
                }

                _standing.View = view;
                await _master.Replica(machine).AdoptView(view);
                await _master.Store.LieutenantDirectory.ClearAsync();
                _noLieutenantNoted = false;
                LogLieutenantAppointed(candidate, view.Epoch);
                _standing.Note(ClusterEventKind.LieutenantAppointed, candidate, $"{candidate} appointed Lieutenant");
                await AnnounceAsync();
                return;
            }

            // Said once, not at every retry of the Caretaker's tick.
            if (!_noLieutenantNoted)
            {
                _noLieutenantNoted = true;
                LogNoLieutenant(machine);
                _standing.Note(ClusterEventKind.NoLieutenant, machine, $"no live machine can be Lieutenant: {machine} acknowledges nothing until one can");
            }
        }
        finally
        {
            Appointing = false;
        }
    }

    /// <summary>"The Master is dead! Long live the Master!": every live machine learns the new view.</summary>
    public async Task AnnounceAsync()
    {
        var view = _standing.View;
        await Task.WhenAll(_master.Options.Machines.Where(m => !_caretaker.IsDead(m) && m != _master.Machine).Select(async m =>
        {
            try
            {
                await _master.Replica(m).AdoptView(view);
            }
            catch (Exception ex) when (Unreachable.Is(ex))
            {
                // It will learn the view from the first order it receives.
            }
        }));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} appointed Lieutenant (epoch {Epoch})")]
    private partial void LogLieutenantAppointed(string machine, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine}: no live machine can be Lieutenant; it acknowledges nothing until one can")]
    private partial void LogNoLieutenant(string machine);
}
