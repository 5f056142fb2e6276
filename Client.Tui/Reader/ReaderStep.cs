namespace Maildriver.Client.Reader;

/// <summary>The outcome of one update: the next state and the work it asks for.</summary>
/// <param name="State">The next state.</param>
/// <param name="Effects">Work for <see cref="ReaderApp"/>, in order.</param>
internal sealed record ReaderStep(ReaderState State, IReadOnlyList<ReaderEffect> Effects)
{
    public static implicit operator ReaderStep(ReaderState state) => new(state, []);

    public ReaderStep With(params ReaderEffect[] more) => this with { Effects = [.. Effects, .. more] };
}
