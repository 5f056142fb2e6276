namespace Maildriver.Client.Reader;

/// <summary>Edits a text outside the reader (the user's editor); tests put a fake in its place.</summary>
internal interface ITextEditor
{
    /// <summary>Returns the edited text.</summary>
    /// <exception cref="EditorException">The editor could not run or did not exit cleanly; the text is unchanged.</exception>
    Task<string> EditAsync(string text, CancellationToken cancellation);
}

/// <summary>The external editor failed; the message says how.</summary>
internal sealed class EditorException(string message, Exception? inner = null) : Exception(message, inner);
