namespace Maildriver.Client.Reader;

/// <summary>A one-line message on the bottom line, gone at the next key.</summary>
/// <param name="Text">What to say.</param>
/// <param name="IsError">Drawn as an error.</param>
internal sealed record Flash(string Text, bool IsError = false)
{
    public static Flash Error(string text) => new(text, IsError: true);
}
