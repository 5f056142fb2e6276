namespace Maildriver.Client.Reader;

/// <summary>The terminal as the reader uses it: keys in, states and their frames out. Tests put a fake in its place.</summary>
internal interface IReaderTerminal : IDisposable
{
    /// <summary>The current size.</summary>
    TerminalSize Size { get; }

    /// <summary>Takes over the terminal: full screen, raw keys, and the signals that end or resize it.</summary>
    /// <param name="onKey">Called for each key, on the terminal's own thread.</param>
    /// <param name="onResize">Called when the size may have changed.</param>
    /// <param name="onInterrupt">Called on Ctrl-C or a termination signal; a second one ends the process after restoring the terminal.</param>
    /// <param name="onPoint">Called when the mouse picks a letter of the list: its row, and whether to open it.</param>
    void Start(Action<ConsoleKeyInfo> onKey, Action onResize, Action onInterrupt, Action<int, bool> onPoint);

    /// <summary>Shows a state: the views are laid out for it and filled from the frame <see cref="ReaderView"/> made of it.</summary>
    /// <param name="state">The state.</param>
    /// <param name="frame">The frame.</param>
    /// <param name="clear">Clear the screen first.</param>
    void Draw(ReaderState state, ScreenFrame frame, bool clear);

    void Bell();

    /// <summary>Gives the terminal back for a while (to run an editor): main screen, cursor shown, no keys read.</summary>
    void Suspend();

    /// <summary>Takes the terminal again after <see cref="Suspend"/>; the caller draws a full frame next.</summary>
    void Resume();
}
