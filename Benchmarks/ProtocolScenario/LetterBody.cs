namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>The letters' bodies.</summary>
public static class LetterBody
{
    /// <summary>About a short e-mail's worth of text (512 characters).</summary>
    public static readonly string Small = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 12)).PadRight(512, '.');
}
