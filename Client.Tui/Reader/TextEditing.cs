namespace Maildriver.Client.Reader;

/// <summary>The editing commands every field shares.</summary>
internal static class TextEditing
{
    /// <summary>Applies an editing command; anything else leaves the field as it is.</summary>
    public static TextField Apply(TextField field, TextCommand command, ConsoleKeyInfo key) => command switch
    {
        TextCommand.Insert => field.Insert(key.KeyChar),
        TextCommand.Backspace => field.Backspace(),
        TextCommand.DeleteForward => field.DeleteForward(),
        TextCommand.Left => field.Left(),
        TextCommand.Right => field.Right(),
        TextCommand.Home => field.Home(),
        TextCommand.End => field.End(),
        TextCommand.KillLine => field.KillToLineStart(),
        TextCommand.KillWord => field.KillWord(),
        _ => field,
    };
}
