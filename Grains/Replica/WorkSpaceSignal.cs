namespace Maildriver.Grains.Replica;

/// <summary>
/// Says that the WorkSpace changed (a protoletter arrived, became valid, was delivered or dropped), so that a
/// Server process waiting on its RTCBACIL list looks again at once instead of at its deadline.
/// </summary>
internal sealed class WorkSpaceSignal
{
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Completes at the next change. Take it before reading the WorkSpace, so no change is missed.</summary>
    public Task NextChange => _changed.Task;

    /// <summary>Wakes everyone waiting for a change.</summary>
    public void Raise()
    {
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
