using Maildriver.Clustering.Placement;
using Maildriver.Grains.Common;

using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Master;

/// <summary>
/// The Master's side of the Lieutenant (sections 7.2 and 7.4): every request is written down by the Lieutenant
/// before the client hears "done", so that two machines hold it durably, and forgotten there once every machine
/// finished it ("it's ok, that letter got sent ok, you can forget about it"); deaths and rebirths are told to it too.
/// A Master with no live Lieutenant acknowledges nothing.
/// </summary>
internal sealed partial class LieutenantConnection
{
    private readonly MasterContext _master;
    private readonly MasterStanding _standing;
    private readonly Caretaker _caretaker;
    private readonly LieutenantAppointment _appointment;
    private readonly GroupCommit<string, bool> _forgets;
    private readonly ILogger _logger;

    /// <param name="master">The Master's machine and services.</param>
    /// <param name="standing">The Master's view, which names its Lieutenant.</param>
    /// <param name="caretaker">Whether the Lieutenant, or any machine that could be one, is alive.</param>
    /// <param name="appointment">Whether a new Lieutenant is being appointed.</param>
    /// <param name="logger">The Master's logger.</param>
    public LieutenantConnection(MasterContext master, MasterStanding standing, Caretaker caretaker, LieutenantAppointment appointment, ILogger logger)
    {
        _master = master;
        _standing = standing;
        _caretaker = caretaker;
        _appointment = appointment;
        _logger = logger;
        _forgets = new GroupCommit<string, bool>(ForgetAsync, maxBatch: 2048);
    }

    private ILieutenantGrain? Lieutenant => _standing.View.Lieutenant is { } lieutenant ? _master.Grains.GetGrain<ILieutenantGrain>(lieutenant) : null;

    /// <summary>
    /// "Send filename of letter to Lieutenant; await 'I got it'": two durable copies or no acknowledgement. While a
    /// new Lieutenant is being appointed, or none can be, waits a bounded time for one, then refuses for now.
    /// </summary>
    /// <exception cref="NoLieutenantException">No live Lieutenant recorded them in time.</exception>
    public async Task RecordAsync(IReadOnlyList<LieutenantRecord> records)
    {
        var deadline = _master.Time.GetUtcNow() + (_master.Options.NoPulseTimeout * 4) + TimeSpan.FromSeconds(2);
        while (true)
        {
            _standing.ThrowIfDeposed();
            var why = NotAcknowledging();
            if (why is null)
            {
                var view = _standing.View;
                try
                {
                    await Lieutenant!.Record(view.Epoch, records);

                    // A Lieutenant appointed meanwhile was sent the records as they were when the appointment began:
                    // these may not be among them, so they go to the new one too (records are keyed, repeats harmless).
                    if (!_appointment.Appointing && _standing.View.Epoch == view.Epoch)
                    {
                        return;
                    }

                    why = "the Lieutenant changed while it recorded";
                }
                catch (Exception ex) when (Unreachable.Is(ex) || ex is StaleEpochException)
                {
                    why = $"Lieutenant {_standing.View.Lieutenant} did not record the request: {ex.Message}";
                }
            }

            if (_master.Time.GetUtcNow() >= deadline)
            {
                throw new NoLieutenantException($"temporarily unavailable: Master {_master.Machine} acknowledges nothing ({why}); nothing was acknowledged, try again");
            }

            await _master.PauseAsync();
        }
    }

    /// <summary>Null while a live Lieutenant can take the second copy of each request; else why none can.</summary>
    public string? NotAcknowledging()
    {
        if (_master.Options.Machines.Count == 1)
        {
            // A one-machine cluster has one copy of everything by construction.
            return null;
        }

        var appointing = _appointment.Appointing;
        if (_standing.View.Lieutenant is not { } lieutenant)
        {
            var others = _master.Options.Machines.Where(m => m != _master.Machine).ToList();
            return appointing || others.Any(m => !_caretaker.IsDead(m))
                ? "appointing a Lieutenant"
                : $"no Lieutenant: {string.Join(" and ", others)} {(others.Count == 1 ? "is" : "are")} down";
        }

        return _caretaker.IsDead(lieutenant)
            ? $"Lieutenant {lieutenant} is down and {(appointing ? "a new one is being appointed" : "no other machine is up to replace it")}"
            : null;
    }

    /// <summary>Every machine finished request <paramref name="opId"/>: "forget it", batched with others.</summary>
    public void Forget(string opId) => _ = _forgets.Enqueue(opId);

    /// <summary>Tells the Lieutenant of a death or a rebirth, retrying a while if it cannot be reached.</summary>
    public async Task TellAsync(Func<ILieutenantGrain, Task> message)
    {
        for (var attempt = 0; attempt < 20 && !_standing.Deposed; attempt++)
        {
            try
            {
                // With no Lieutenant, the next one is appointed with the Dead Machine List as it is then.
                if (Lieutenant is { } lieutenant)
                {
                    await message(lieutenant);
                }

                return;
            }
            catch (Exception ex) when (Unreachable.Is(ex))
            {
                await _master.PauseAsync();
            }
        }
    }

    // "Forget it" to the Lieutenant and the copy out of the Master directory, batched.
    private async Task<IReadOnlyList<bool>> ForgetAsync(IReadOnlyList<string> opIds)
    {
        try
        {
            // With no Lieutenant there is nothing to trim there: the next one is appointed with what is still pending.
            if (Lieutenant is { } lieutenant)
            {
                await lieutenant.Forget(_standing.View.Epoch, opIds);
            }

            await _master.Store.MasterDirectory.DeleteAsync(opIds.ToList());
        }
        catch (Exception ex) when (Unreachable.Is(ex) || ex is StaleEpochException)
        {
            // A Lieutenant that cannot hear "forget it" only keeps a few records too many: a repeat is harmless.
            LogUnreachable(_standing.View.LieutenantText, ex.Message);
        }

        return opIds.Select(_ => true).ToList();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Master cannot reach {Machine}: {Reason}")]
    private partial void LogUnreachable(string machine, string reason);
}
