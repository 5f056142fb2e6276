using SmtpServer;
using SmtpServer.Protocol;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// What Maildriver keeps about one SMTP session beside SmtpServer's own context: who logged in (and the token the
/// client API wants), the envelope as Maildriver names it, and the verdicts the session's pipe reached on input
/// SmtpServer never sees whole (an AUTH response, an oversized message). SmtpServer's handlers find it in the
/// session context's properties; its command events keep the envelope in step with SmtpServer's state machine.
/// </summary>
internal sealed class SubmissionSession
{
    /// <summary>Where the session is kept in SmtpServer's session context.</summary>
    public const string PropertyKey = "Maildriver:SubmissionSession";

    private readonly List<string> _recipients = [];

    private SubmissionSession(ISessionContext context)
    {
        context.CommandExecuting += OnCommandExecuting;
    }

    /// <summary>The client's address, for logs.</summary>
    public string Remote { get; set; } = "?";

    /// <summary>The logged-in user, or null.</summary>
    public string? User { get; private set; }

    /// <summary>The user's login token for the client API, or null.</summary>
    public string? Token { get; private set; }

    /// <summary>Refused logins so far: the third ends the session.</summary>
    public int LoginFailures { get; set; }

    /// <summary>Whether EHLO or HELO was answered since the session (or TLS) began.</summary>
    public bool Greeted { get; private set; }

    /// <summary>Whether a mail transaction is open: MAIL was accepted, and neither RSET nor the message ended it.</summary>
    public bool InTransaction { get; private set; }

    /// <summary>The ESMTP parameters of the MAIL command being answered.</summary>
    public IReadOnlyDictionary<string, string> MailParameters { get; private set; } = new Dictionary<string, string>();

    /// <summary>The Maildriver names the current transaction goes to, as RCPT accepted them.</summary>
    public IReadOnlyList<string> Recipients => _recipients;

    /// <summary>Whether the next line is the client's answer to AUTH PLAIN's empty challenge.</summary>
    public bool AwaitingAuthResponse { get; set; }

    /// <summary>The reply to the AUTH being answered, when the pipe found its credentials unusable; null when they decoded.</summary>
    public SmtpResponse? AuthRefusal { get; set; }

    /// <summary>Whether the pipe is reading a message now (after DATA's 354, until the final ".").</summary>
    public bool InData { get; set; }

    /// <summary>How the pipe found the message just read, for the message store.</summary>
    public MessageFraming? Framing { get; set; }

    /// <summary>The session of <paramref name="context"/>, made when its connection was accepted.</summary>
    public static SubmissionSession Of(ISessionContext context) => (SubmissionSession)context.Properties[PropertyKey];

    /// <summary>Starts the session of a new connection.</summary>
    public static SubmissionSession Begin(ISessionContext context)
    {
        var session = new SubmissionSession(context);
        context.Properties[PropertyKey] = session;
        return session;
    }

    /// <summary>Records a login.</summary>
    public void LoggedIn(string user, string token) => (User, Token) = (user, token);

    /// <summary>Records that MAIL was accepted: the transaction is open.</summary>
    public void SenderAccepted() => InTransaction = true;

    /// <summary>Adds an accepted recipient.</summary>
    public void AddRecipient(string name) => _recipients.Add(name);

    /// <summary>Ends the mail transaction (its message was answered).</summary>
    public void EndTransaction()
    {
        InTransaction = false;
        _recipients.Clear();
    }

    /// <summary>Forgets what was learnt in the clear once TLS is on (RFC 3207 section 4.2): the client starts again with EHLO.</summary>
    public void RestartAfterTls()
    {
        Greeted = false;
        EndTransaction();
    }

    // SmtpServer raises this only for a command its state machine accepted, just before running it.
    private void OnCommandExecuting(object? sender, SmtpCommandEventArgs e)
    {
        switch (e.Command)
        {
            case MailCommand mail:
                MailParameters = mail.Parameters;
                EndTransaction();
                break;
            case EhloCommand or HeloCommand:
                Greeted = true;
                EndTransaction();
                break;
            case RsetCommand:
                EndTransaction();
                break;
            case AuthCommand auth when string.IsNullOrWhiteSpace(auth.Parameter):
                AwaitingAuthResponse = true;
                break;
            case DataCommand:
                // Accepted only with a recipient, so SmtpServer answers 354 and reads the message next.
                InData = true;
                Framing = null;
                break;
        }
    }
}
