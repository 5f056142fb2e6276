namespace Maildriver.Client.Reader;

/// <summary>Keys on the login screen.</summary>
internal static class LoginKeys
{
    public static ReaderStep On(ReaderState s, ConsoleKeyInfo key)
    {
        var form = s.Login;
        var command = ReaderKeyMap.TextFor(ReaderKeyMap.Login, key);
        if (form.Busy)
        {
            // The login is on its way; only leaving is possible.
            return command == TextCommand.Done ? new ReaderStep(s, [new ReaderEffect.Quit()]) : s;
        }

        switch (command)
        {
            case TextCommand.Done:
                return new ReaderStep(s, [new ReaderEffect.Quit()]);
            case TextCommand.NextField:
                return s with { Login = form.Next() };
            case TextCommand.PreviousField:
                return s with { Login = form.Previous() };
            case TextCommand.Enter:
                if (form.FirstEmpty is { } empty)
                {
                    return s with { Login = form with { Focus = empty }, Flash = new Flash($"Fill in the {Name(empty)}.") };
                }

                return new ReaderStep(
                    s with { Login = form with { Busy = true } },
                    [new ReaderEffect.Login(form.Gateways.Text.Trim(), form.User.Text.Trim(), form.Password.Text)]);
            default:
                return s with { Login = form.WithFocused(TextEditing.Apply(form.Focused, command, key)) };
        }
    }

    public static string Name(LoginField field) => field switch
    {
        LoginField.Gateways => "gateways",
        LoginField.User => "user name",
        _ => "password",
    };
}
