namespace Maildriver.Grains.Master;

/// <summary>
/// The Caretaker (section 10 and the appendix's CARETAKER): it takes every other machine's pulse and keeps the
/// Dead Machine List (DML). A machine that has not answered for the no-pulse timeout is declared dead; a dead
/// machine that answers again (it restarted, or a partition healed) is handed back to the Master to be caught up.
/// It runs on the Master's activation, so its lists need no locks.
/// </summary>
internal sealed class Caretaker
{
    private readonly Dictionary<string, long> _lastPulse = new(StringComparer.Ordinal);
    private readonly DeadMachineList _deadMachineList = new();
    private readonly Func<string, Task> _takePulse;
    private readonly TimeProvider _time;
    private readonly TimeSpan _noPulse;
    private readonly Action<string> _onDied;
    private readonly Action<string> _onAnswered;
    private bool _polling;

    /// <param name="machines">The machines to watch (all but the Master's own).</param>
    /// <param name="takePulse">Calls a machine's Pulse; throws when there is none.</param>
    /// <param name="time">The clock.</param>
    /// <param name="noPulse">How long a machine may stay silent before it is declared dead.</param>
    /// <param name="onDied">Called once when a machine goes on the DML.</param>
    /// <param name="onAnswered">Called when a machine on the DML answers a pulse.</param>
    public Caretaker(IEnumerable<string> machines, Func<string, Task> takePulse, TimeProvider time, TimeSpan noPulse, Action<string> onDied, Action<string> onAnswered)
    {
        _takePulse = takePulse;
        _time = time;
        _noPulse = noPulse;
        _onDied = onDied;
        _onAnswered = onAnswered;
        var now = time.GetTimestamp();
        foreach (var m in machines)
        {
            _lastPulse[m] = now;
        }
    }

    /// <summary>The Dead Machine List.</summary>
    public IReadOnlyCollection<string> DeadMachineList => _deadMachineList;

    public bool IsDead(string machine) => _deadMachineList.Contains(machine);

    /// <summary>Puts a machine on the DML without waiting for its pulse (the Lieutenant's list at a takeover).</summary>
    public void MarkDead(string machine) => _deadMachineList.Add(machine);

    /// <summary>Takes a machine off the DML: it is caught up.</summary>
    public void MarkAlive(string machine)
    {
        _deadMachineList.Remove(machine);
        _lastPulse[machine] = _time.GetTimestamp();
    }

    /// <summary>One round of pulses, all machines at once.</summary>
    public async Task PollAsync()
    {
        if (_polling)
        {
            return;
        }

        _polling = true;
        try
        {
            await Task.WhenAll(_lastPulse.Keys.ToList().Select(PulseAsync));
        }
        finally
        {
            _polling = false;
        }
    }

    private async Task PulseAsync(string machine)
    {
        bool alive;
        try
        {
            await _takePulse(machine).WaitAsync(_noPulse, _time);
            alive = true;
        }
        catch (Exception)
        {
            alive = false;
        }

        if (alive)
        {
            _lastPulse[machine] = _time.GetTimestamp();
            if (_deadMachineList.Contains(machine))
            {
                _onAnswered(machine);
            }

            return;
        }

        if (!_deadMachineList.Contains(machine) && _time.GetElapsedTime(_lastPulse[machine]) >= _noPulse)
        {
            _deadMachineList.Add(machine);
            _onDied(machine);
        }
    }
}
