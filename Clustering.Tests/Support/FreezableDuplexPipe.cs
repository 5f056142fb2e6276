using System.IO.Pipelines;

namespace Maildriver.Clustering.Tests.Support;

/// <summary>A connection's transport that can be frozen both ways (<see cref="FreezablePipeReader"/>, <see cref="FreezablePipeWriter"/>).</summary>
internal sealed class FreezableDuplexPipe(IDuplexPipe inner, Func<Task?> frozen) : IDuplexPipe
{
    public PipeReader Input { get; } = new FreezablePipeReader(inner.Input, frozen);

    public PipeWriter Output { get; } = new FreezablePipeWriter(inner.Output, frozen);
}
