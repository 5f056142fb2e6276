using System.IO.Pipelines;

namespace Maildriver.Clustering.Tests.Support;

/// <summary>
/// The writing side of one connection of a silo that <see cref="Crashes"/> can crash: once <paramref name="frozen"/>
/// gives a task, nothing more is flushed to the peer until that task ends. This matters as much as reading: Orleans
/// 10.4.2 will not vote against a silo whose connection brought it a message in the last few seconds.
/// </summary>
internal sealed class FreezablePipeWriter(PipeWriter inner, Func<Task?> frozen) : PipeWriter
{
    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (frozen() is { } until)
        {
            await until.WaitAsync(cancellationToken);
        }

        return await inner.FlushAsync(cancellationToken);
    }

    public override void Advance(int bytes) => inner.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);
}
