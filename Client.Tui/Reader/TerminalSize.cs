namespace Maildriver.Client.Reader;

/// <summary>A terminal's size in character cells.</summary>
internal readonly record struct TerminalSize(int Width, int Height)
{
    /// <summary>What is assumed when the terminal will not say.</summary>
    public static TerminalSize Default { get; } = new(80, 24);

    public override string ToString() => $"{Width}x{Height}";
}
