namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>The letters' bodies.</summary>
public static class LetterBody
{
    /// <summary>About a short e-mail's worth of text (512 characters).</summary>
    public static readonly string Small = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 12)).PadRight(512, '.');

    /// <summary>Text of exactly <paramref name="bytes"/> UTF-8 bytes, in lines as a letter would have them.</summary>
    public static string OfSize(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        const string line = "The quick brown fox jumps over the lazy dog, and the dog does not mind at all.\n";
        var text = string.Concat(Enumerable.Repeat(line, (bytes / line.Length) + 1));
        return text[..bytes];
    }
}
