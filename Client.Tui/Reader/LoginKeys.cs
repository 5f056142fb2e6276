namespace Maildriver.Client.Reader;

/// <summary>Keys on the login screen.</summary>
internal static class LoginKeys
{
    /// <summary>
    /// The reader's first step: with gateways, user and password all given it logs in at once and the form never
    /// shows; otherwise the form says what is missing, with the keys in the first empty field.
    /// </summary>
    public static ReaderStep Begin(ReaderState s)
        => s.Login.Missing is { } missing
            ? s with { Flash = Flash.Error($"Missing: {missing}.") }
            : Submit(s);

    /// <summary>Tries the gateways again once the retry time has come (no gateway answered last time).</summary>
    public static ReaderStep RetryIfDue(ReaderState s)
        => s.Screen == Screen.Login && !s.Login.Busy && s.Login.RetryAt is { } at && s.Now >= at ? Submit(s) : s;

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

                return Submit(s);
            default:
                // Typing stops the automatic retries: the user is changing what will be tried.
                return s with { Login = form.WithFocused(TextEditing.Apply(form.Focused, command, key)) with { Unreachable = null, RetryAt = null } };
        }
    }

    private static ReaderStep Submit(ReaderState s)
    {
        var form = s.Login;
        return new ReaderStep(
            s with { Login = form with { Busy = true, RetryAt = null } },
            [new ReaderEffect.Login(form.Gateways.Text.Trim(), form.User.Text.Trim(), form.Password.Text)]);
    }

    public static string Name(LoginField field) => field switch
    {
        LoginField.Gateways => "gateways",
        LoginField.User => "user name",
        _ => "password",
    };
}
