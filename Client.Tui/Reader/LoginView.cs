namespace Maildriver.Client.Reader;

/// <summary>The login screen: gateways, user, and a masked password.</summary>
internal static class LoginView
{
    private const int LabelWidth = 12;

    public static void Draw(ReaderState s, FrameBuilder frame)
    {
        var form = s.Login;
        if (form.Unreachable is { } tried)
        {
            Unreachable(s, frame, tried);
            return;
        }

        var available = frame.Size.Height - 3;
        var roomy = available >= 9;
        var row = 1;
        if (roomy)
        {
            frame.Put(2, LineBuilder.Of(frame.Width, "  Maildriver: campus mail, on every machine", SpanStyle.Header));
            row = 4;
        }

        Field(frame, row, "Gateways", form.Gateways, form.Focus == LoginField.Gateways, masked: false);
        Field(frame, row + 1, "User", form.User, form.Focus == LoginField.User, masked: false);
        Field(frame, row + 2, "Password", form.Password, form.Focus == LoginField.Password, masked: true);
        if (roomy)
        {
            frame.Put(row + 4, LineBuilder.Of(frame.Width, "  host:port,host:port…; the first that answers is used.", SpanStyle.Dim));
        }
    }

    private static void Unreachable(ReaderState s, FrameBuilder frame, string tried)
    {
        frame.Put(2, LineBuilder.Of(frame.Width, "  No gateway answers.", SpanStyle.Error));
        frame.Put(4, LineBuilder.Of(frame.Width, "  Tried:", SpanStyle.Normal));
        var row = 5;
        foreach (var gateway in tried.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            frame.Put(row++, LineBuilder.Of(frame.Width, $"    {gateway}"));
        }

        var wait = s.Login.RetryAt is { } at ? Math.Max(0, (int)Math.Ceiling((at - s.Now).TotalSeconds)) : 0;
        var next = s.Login.Busy ? "  Trying again…" : $"  Trying again in {wait} s. Esc quits; typing changes the form.";
        frame.Put(row + 1, LineBuilder.Of(frame.Width, next, SpanStyle.Dim));
    }

    private static void Field(FrameBuilder frame, int row, string label, TextField field, bool focused, bool masked)
    {
        var prefix = (focused ? "> " : "  ") + label.PadRight(LabelWidth - 2);
        var (text, column) = FieldWindow.Show(field, frame.Width - LabelWidth - 1, masked);
        frame.Put(row, new LineBuilder(frame.Width).Add(prefix, focused ? SpanStyle.Header : SpanStyle.Normal).Add(text).Build());
        if (focused)
        {
            frame.Cursor = (row, LabelWidth + column);
        }
    }
}
