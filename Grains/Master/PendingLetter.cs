using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Master;

/// <summary>
/// A letter in mid-delivery, as the Master tracks it (the paper's <c>&lt;filename&gt;.sending</c> file plus the copy in
/// the Master directory): which machines have it and which have finished.
/// </summary>
internal sealed class PendingLetter(Letter letter, IEnumerable<string> machines, long seq)
{
    private Dictionary<string, TaskCompletionSource>? _gotItWaiters;

    public Letter Letter { get; } = letter;

    public string Id => Letter.Header.Id;

    /// <summary>Its place in the order requests were made, kept across a change of Master.</summary>
    public long Seq { get; } = seq;

    /// <summary>Machines that have not yet said "finished".</summary>
    public HashSet<string> NotFinished { get; } = new(machines);

    /// <summary>Machines that said "got it".</summary>
    public HashSet<string> GotIt { get; } = [];

    public bool IsFor(string user) => Letter.Header.To.Contains(user, StringComparer.Ordinal);

    public void MarkGotIt(string machine)
    {
        GotIt.Add(machine);
        if (_gotItWaiters?.Remove(machine, out var waiter) == true)
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>Completes when <paramref name="machine"/> has the letter.</summary>
    public Task WhenGotIt(string machine)
    {
        if (GotIt.Contains(machine) || !NotFinished.Contains(machine))
        {
            return Task.CompletedTask;
        }

        _gotItWaiters ??= [];
        if (!_gotItWaiters.TryGetValue(machine, out var waiter))
        {
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _gotItWaiters[machine] = waiter;
        }

        return waiter.Task;
    }

    public void ReleaseWaiters()
    {
        if (_gotItWaiters is null)
        {
            return;
        }

        foreach (var w in _gotItWaiters.Values)
        {
            w.TrySetResult();
        }

        _gotItWaiters.Clear();
    }
}
