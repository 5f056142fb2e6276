namespace Maildriver.Client.Reader;

/// <summary>The help screen: every key, from the key tables.</summary>
internal static class HelpView
{
    public static void Draw(ReaderState s, FrameBuilder frame)
    {
        var rows = frame.Size.Height - 3;
        var scroll = Math.Clamp(s.HelpScroll, 0, HelpText.MaxScroll(frame.Size));
        for (var i = 0; i < rows && scroll + i < HelpText.Lines.Count; i++)
        {
            var line = HelpText.Lines[scroll + i];
            frame.Put(1 + i, LineBuilder.Of(frame.Width, line.Text, line.IsHeader ? SpanStyle.Header : SpanStyle.Normal));
        }
    }
}
