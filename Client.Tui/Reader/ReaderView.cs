namespace Maildriver.Client.Reader;

/// <summary>
/// Draws a state as one whole screen, off-screen. It only reads the state, so the same state always gives the same
/// frame, which the snapshot tests compare as text.
/// </summary>
/// <param name="zone">The time zone dates are shown in (the local one in the terminal, UTC in tests).</param>
internal sealed class ReaderView(TimeZoneInfo zone)
{
    public ScreenFrame Render(ReaderState s)
    {
        var size = s.Size;
        if (size.Width < ReaderLayout.Minimum.Width || size.Height < ReaderLayout.Minimum.Height)
        {
            return TooSmall(size);
        }

        var frame = new FrameBuilder(size);
        frame.Put(0, Chrome.Hints(s, size.Width));
        frame.Put(size.Height - 2, StatusLine.Build(s, size.Width));
        var (message, promptColumn) = Chrome.Message(s, size.Width);
        frame.Put(size.Height - 1, message);

        switch (s.Screen)
        {
            case Screen.Login:
                LoginView.Draw(s, frame);
                break;
            case Screen.Index or Screen.Pager:
                IndexView.Draw(s, frame, zone);
                break;
            case Screen.Compose:
                ComposeView.Draw(s, frame);
                break;
            case Screen.Review or Screen.Sending:
                ReviewView.Draw(s, frame);
                break;
            case Screen.Help:
                HelpView.Draw(s, frame);
                break;
        }

        if (promptColumn is { } column)
        {
            frame.Cursor = (size.Height - 1, column);
        }

        return frame.Build();
    }

    private static ScreenFrame TooSmall(TerminalSize size)
    {
        var width = Math.Max(size.Width, 1);
        var rows = Enumerable.Range(0, Math.Max(size.Height, 1))
            .Select(i => i == 0
                ? LineBuilder.Of(width, $"Terminal too small ({size}); the reader needs {ReaderLayout.Minimum}.")
                : LineBuilder.Blank(width))
            .ToList();
        return new ScreenFrame(size, rows, null);
    }
}
