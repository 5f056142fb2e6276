using System.Diagnostics;

namespace Maildriver.Benchmarks.Reporting;

/// <summary>A live count of a load's items, redrawn by its <see cref="ProgressDisplay"/> until disposed.</summary>
public sealed class ProgressCounter : IAsyncDisposable
{
    private readonly ProgressDisplay _display;
    private readonly string _what;
    private readonly long? _total;
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _count;

    internal ProgressCounter(ProgressDisplay display, string what, long? total, TimeSpan interval)
    {
        _display = display;
        _what = what;
        _total = total;
        _loop = RedrawAsync(interval);
    }

    /// <summary>Counts <paramref name="items"/> more (thread-safe).</summary>
    public void Add(long items = 1) => Interlocked.Add(ref _count, items);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _display.Show(Text(), final: true);
    }

    private async Task RedrawAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                _display.Show(Text(), final: false);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the final line follows.
        }
    }

    private string Text()
    {
        var count = Interlocked.Read(ref _count);
        var elapsed = Stopwatch.GetElapsedTime(_start);
        var of = _total is { } total ? FormattableString.Invariant($" / {total:N0}") : string.Empty;
        var rate = elapsed.TotalSeconds > 0 ? count / elapsed.TotalSeconds : 0;
        return FormattableString.Invariant($"    {_what}: {count:N0}{of} ({rate:N0}/s, {ProgressDisplay.Clock(elapsed)})");
    }
}
