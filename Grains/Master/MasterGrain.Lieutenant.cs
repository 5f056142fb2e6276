using Maildriver.Grains.Common;
using Maildriver.Clustering.Placement;
using Maildriver.Grains.Protocol;


namespace Maildriver.Grains.Master;

/// <summary>
/// The Master's side of the Lieutenant (sections 7.2 and 7.4): every request is written down by the Lieutenant
/// before the client hears "done", so that two machines hold it durably, and forgotten there once every machine
/// finished it. A Master with no live Lieutenant acknowledges nothing.
/// </summary>
public sealed partial class MasterGrain
{
    // "Send filename of letter to Lieutenant; await 'I got it'": two durable copies or no acknowledgement. While a
    // new Lieutenant is being appointed, or none can be, wait a bounded time for one, then refuse for now.
    private async Task RecordWithLieutenantAsync(IReadOnlyList<LieutenantRecord> records)
    {
        var deadline = _time.GetUtcNow() + (_options.NoPulseTimeout * 4) + TimeSpan.FromSeconds(2);
        while (true)
        {
            ThrowIfDeposed();
            var why = NotAcknowledging();
            if (why is null)
            {
                var view = _view;
                try
                {
                    await LieutenantGrain!.Record(view.Epoch, records);

                    // A Lieutenant appointed meanwhile was sent the records as they were when the appointment began:
                    // these may not be among them, so they go to the new one too (records are keyed, repeats harmless).
                    if (!_appointing && _view.Epoch == view.Epoch)
                    {
                        return;
                    }

                    why = "the Lieutenant changed while it recorded";
                }
                catch (Exception ex) when (Unreachable.Is(ex) || ex is StaleEpochException)
                {
                    why = $"Lieutenant {_view.Lieutenant} did not record the request: {ex.Message}";
                }
            }

            if (_time.GetUtcNow() >= deadline)
            {
                throw new NoLieutenantException($"temporarily unavailable: Master {Machine} acknowledges nothing ({why}); nothing was acknowledged, try again");
            }

            await Task.Delay(_options.PulseInterval, _time, _silo.Stopping);
        }
    }

    /// <summary>Null while a live Lieutenant can take the second copy of each request; else why none can.</summary>
    private string? NotAcknowledging()
    {
        if (_options.Machines.Count == 1)
        {
            // A one-machine cluster has one copy of everything by construction.
            return null;
        }

        if (_view.Lieutenant is not { } lieutenant)
        {
            var others = _options.Machines.Where(m => m != Machine).ToList();
            return _appointing || others.Any(m => !_caretaker.IsDead(m))
                ? "appointing a Lieutenant"
                : $"no Lieutenant: {string.Join(" and ", others)} {(others.Count == 1 ? "is" : "are")} down";
        }

        return _caretaker.IsDead(lieutenant)
            ? $"Lieutenant {lieutenant} is down and {(_appointing ? "a new one is being appointed" : "no other machine is up to replace it")}"
            : null;
    }

    // "Forget it" to the Lieutenant and the copy out of the Master directory, batched.
    private async Task<IReadOnlyList<bool>> ForgetAsync(IReadOnlyList<string> opIds)
    {
        try
        {
            // With no Lieutenant there is nothing to trim there: the next one is appointed with what is still pending.
            if (LieutenantGrain is { } lieutenant)
            {
                await lieutenant.Forget(_view.Epoch, opIds);
            }

            await _store.MasterDirectory.DeleteAsync(opIds.ToList());
        }
        catch (Exception ex) when (Unreachable.Is(ex) || ex is StaleEpochException)
        {
            // A Lieutenant that cannot hear "forget it" only keeps a few records too many: a repeat is harmless.
            LogUnreachable(_view.LieutenantText, ex.Message);
        }

        return opIds.Select(_ => true).ToList();
    }
}
