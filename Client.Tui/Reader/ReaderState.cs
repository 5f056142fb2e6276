namespace Maildriver.Client.Reader;

/// <summary>
/// Everything the reader shows and remembers, immutable. <see cref="ReaderUpdate"/> makes the next state from this
/// one and a <see cref="ReaderMessage"/>; <see cref="ReaderView"/> draws it. Nothing here talks to the network or
/// the terminal, so every key and every answer can be tested as plain data.
/// </summary>
/// <param name="Screen">What is showing.</param>
/// <param name="Login">The login form.</param>
/// <param name="User">Who is logged in (null before).</param>
/// <param name="Mailbox">The cached letters, cursor and filter.</param>
/// <param name="OpenId">The letter in the reading pane.</param>
/// <param name="PaneScroll">The reading pane's first line.</param>
/// <param name="Draft">The letter being composed.</param>
/// <param name="Prompt">A question on the bottom line.</param>
/// <param name="Flash">A message on the bottom line.</param>
/// <param name="Connection">The connection as the status line shows it.</param>
/// <param name="Receiving">A full receive is on its way.</param>
/// <param name="Polling">A background poll is on its way.</param>
/// <param name="Greeting">A Hello (who is this machine, who is Master) is on its way.</param>
/// <param name="Pushed">The connected machine pushes inbox changes; the poll only renews the subscription.</param>
/// <param name="SendingSince">When the send now on its way began.</param>
/// <param name="HelpReturn">The screen the help screen goes back to.</param>
/// <param name="HelpScroll">The help screen's first line.</param>
/// <param name="Size">The terminal's size.</param>
/// <param name="Now">The time of the last tick.</param>
/// <param name="SessionId">Random for each run: submission ids are "SessionId.n".</param>
/// <param name="DraftCount">Letters begun in this run.</param>
internal sealed record ReaderState(
    Screen Screen,
    LoginForm Login,
    string? User,
    Mailbox Mailbox,
    string? OpenId,
    int PaneScroll,
    Draft? Draft,
    Prompt? Prompt,
    Flash? Flash,
    Connection Connection,
    bool Receiving,
    bool Polling,
    bool Greeting,
    bool Pushed,
    DateTimeOffset? SendingSince,
    Screen HelpReturn,
    int HelpScroll,
    TerminalSize Size,
    DateTimeOffset Now,
    string SessionId,
    int DraftCount)
{
    /// <summary>The login screen, prefilled.</summary>
    public static ReaderState Initial(LoginForm login, string sessionId, TerminalSize size, DateTimeOffset now)
        => new(Screen.Login, login, null, Mailbox.Empty, null, 0, null, null, null, Connection.None, false, false, false, false, null,
            Screen.Index, 0, size, now, sessionId, 0);

    /// <summary>The letter in the reading pane, if it is still in the list.</summary>
    public LetterItem? OpenLetter => OpenId is null ? null : Mailbox.Find(OpenId);

    public bool LoggedIn => User is not null;

    /// <summary>
    /// The MAIL light has one meaning: at least one letter in the mailbox is unread. It comes on when unread mail
    /// arrives or is found at login, and goes out only when the last unread letter has been read (or deleted).
    /// </summary>
    public bool MailLight => LoggedIn && Mailbox.Unread > 0;
}
