using System.IO.Pipelines;

namespace Maildriver.Clustering.Tests.Support;

/// <summary>
/// The reading side of one connection of a silo that <see cref="Crashes"/> can crash: once <paramref name="frozen"/>
/// gives a task, nothing more that arrives is read (not even Orleans's pings, which are answered inside the
/// connection, below every grain call filter) until that task ends.
/// </summary>
internal sealed class FreezablePipeReader(PipeReader inner, Func<Task?> frozen) : PipeReader
{
    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        await WhileFrozen(cancellationToken);
        var result = await inner.ReadAsync(cancellationToken);
        // A read already waiting when the silo crashed must not deliver what came after.
        await WhileFrozen(cancellationToken);
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (frozen() is not null)
        {
            result = default;
            return false;
        }

        return inner.TryRead(out result);
    }

    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    private async Task WhileFrozen(CancellationToken cancellationToken)
    {
        if (frozen() is { } until)
        {
            await until.WaitAsync(cancellationToken);
        }
    }
}
