namespace Maildriver.Client.Reader;

/// <summary>Which field of the login screen has the keys.</summary>
internal enum LoginField
{
    Gateways,
    User,
    Password,
}

/// <summary>The login screen's fields; the password is kept as typed and only ever drawn masked.</summary>
/// <param name="Gateways">host:port[,host:port…].</param>
/// <param name="User">The user name.</param>
/// <param name="Password">The password.</param>
/// <param name="Focus">The field being typed in.</param>
/// <param name="Busy">A login is on its way.</param>
/// <param name="Unreachable">The gateways the last login tried when none answered (the retry screen shows them).</param>
/// <param name="RetryAt">When the login is tried again on its own, after no gateway answered.</param>
internal sealed record LoginForm(
    TextField Gateways,
    TextField User,
    TextField Password,
    LoginField Focus,
    bool Busy = false,
    string? Unreachable = null,
    DateTimeOffset? RetryAt = null)
{
    /// <summary>How long the reader waits before trying the gateways again.</summary>
    public static TimeSpan RetryDelay { get; } = TimeSpan.FromSeconds(3);

    /// <summary>The form prefilled from the command line or the environment; the first empty field has the keys.</summary>
    public static LoginForm Prefilled(string? gateways, string? user, string? password)
    {
        var focus = string.IsNullOrEmpty(gateways) ? LoginField.Gateways
            : string.IsNullOrEmpty(user) ? LoginField.User
            : LoginField.Password;
        return new(TextField.Of(gateways), TextField.Of(user), TextField.Of(password), focus);
    }

    public TextField Focused => Focus switch
    {
        LoginField.Gateways => Gateways,
        LoginField.User => User,
        _ => Password,
    };

    public LoginForm WithFocused(TextField field) => Focus switch
    {
        LoginField.Gateways => this with { Gateways = field },
        LoginField.User => this with { User = field },
        _ => this with { Password = field },
    };

    public LoginForm Next() => this with { Focus = Focus == LoginField.Password ? LoginField.Gateways : Focus + 1 };

    public LoginForm Previous() => this with { Focus = Focus == LoginField.Gateways ? LoginField.Password : Focus - 1 };

    /// <summary>What the command line and the environment left out, said as the form says it ("gateways and password").</summary>
    public string? Missing
    {
        get
        {
            var missing = new List<string>();
            if (Gateways.Text.Trim().Length == 0)
            {
                missing.Add("gateways (--gateway or MAILDRIVER_GATEWAYS)");
            }

            if (User.Text.Trim().Length == 0)
            {
                missing.Add("user (--user or MAILDRIVER_USER)");
            }

            if (Password.Text.Length == 0)
            {
                missing.Add("password (--password or MAILDRIVER_PASSWORD)");
            }

            return missing.Count == 0 ? null : string.Join(", ", missing);
        }
    }

    /// <summary>The first field still empty, if any.</summary>
    public LoginField? FirstEmpty
        => Gateways.Text.Trim().Length == 0 ? LoginField.Gateways
            : User.Text.Trim().Length == 0 ? LoginField.User
            : Password.Text.Length == 0 ? LoginField.Password
            : null;
}
