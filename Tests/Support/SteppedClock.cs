namespace Maildriver.Tests.Support;

/// <summary>
/// A <see cref="ManualTimeProvider"/> for the grain clock of a whole in-process cluster
/// (<see cref="MachineClusterOptions.TimeProvider"/>): while it runs it keeps pace with the wall clock (a cluster
/// starting up needs its pulses and retries), and a test that pauses it decides alone when the protocol's time moves
/// on. Paused, no timer of the protocol fires anywhere in the cluster: no pulse, no Dead Machine List, no retry, so an
/// interleaving that depends on what happens before a machine is declared dead can be scripted exactly. Orleans's own
/// timers (membership probes, call response timeouts) keep real time, as they must for the silos to stay together.
/// </summary>
public sealed class SteppedClock : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private readonly CancellationTokenSource _disposed = new();
    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly Task _pump;

    public SteppedClock() => _pump = Task.Run(PumpAsync);

    /// <summary>The clock: give it to the cluster as its grain clock.</summary>
    public ManualTimeProvider Time { get; } = new();

    /// <summary>Stops the clock; returns once no advance is under way.</summary>
    public Task PauseAsync() => _running.WaitAsync();

    /// <summary>Lets the clock keep pace with the wall clock again.</summary>
    public void Resume() => _running.Release();

    /// <summary>
    /// Moves a paused clock forward by <paramref name="by"/> in steps of <paramref name="step"/>, letting the work
    /// each step's timers start run before the next step, as it would between real ticks.
    /// </summary>
    public async Task StepAsync(TimeSpan by, TimeSpan step)
    {
        for (var moved = TimeSpan.Zero; moved < by; moved += step)
        {
            Time.Advance(step);
            await Task.Delay(Tick);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
        }

        _disposed.Dispose();
    }

    private async Task PumpAsync()
    {
        while (!_disposed.IsCancellationRequested)
        {
            await Task.Delay(Tick, _disposed.Token);
            await _running.WaitAsync(_disposed.Token);
            try
            {
                Time.Advance(Tick);
            }
            finally
            {
                _running.Release();
            }
        }
    }
}
