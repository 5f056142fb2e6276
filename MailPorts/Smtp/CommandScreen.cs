using System.Buffers;
using System.Text;
using Maildriver.MailPorts.LineProtocol;
using SmtpServer.Protocol;

namespace Maildriver.MailPorts.Smtp;

/// <summary>
/// What Maildriver answers itself before a command line reaches SmtpServer, because SmtpServer 11.1 would answer
/// it wrongly or not survive it: a command out of sequence (SmtpServer says 501; RFC 5321 has 503), a line it
/// cannot parse (it says 502 even for a known command with a bad argument; RFC 5321 wants 501), commands it does
/// not know (VRFY and HELP are RFC 5321's minimum, and it would take PROXY from any client and believe the
/// address), RCPT parameters (it ignores them; RFC 5321 asks for 555), STARTTLS where it cannot happen, and AUTH:
/// only PLAIN is offered (SmtpServer's LOGIN, and its PLAIN on a response that is not base64, throw and end the
/// session), refused in the clear where TLS is configured (538), and its response checked here, authorization
/// identity included, which SmtpServer ignores. A line passed on may be rewritten: an AUTH PLAIN response into one
/// SmtpServer decodes safely, a MAIL or RCPT path into the strict form SmtpServer parses.
/// </summary>
internal static class CommandScreen
{
    // Two NULs: the PLAIN response SmtpServer decodes to an empty user and password, handed on in place of a
    // response that was refused here, so that SmtpServer asks the authenticator, which gives the refusal.
    private const string RefusedPlainResponse = "AAA=";

    // SmtpServer's own parser, to check a rewritten MAIL or RCPT line before it is handed on.
    private static readonly SmtpCommandFactory Factory = new();

    /// <summary>What to do with one command line: pass <paramref name="Forward"/> on, or answer <paramref name="Reply"/>.</summary>
    public readonly record struct Outcome(string? Forward, string? Reply)
    {
        public static Outcome Pass(string line) => new(line, null);

        public static Outcome Answer(string reply) => new(null, reply);
    }

    /// <summary>Screens one line the client sent while no message is being read.</summary>
    public static Outcome Screen(string line, SubmissionSession session, MailPortContext context, bool isTls)
    {
        if (session.AwaitingAuthResponse)
        {
            session.AwaitingAuthResponse = false;
            return Outcome.Pass(PlainResponse(line, session, context));
        }

        session.AuthRefusal = null;
        var command = SmtpCommand.Parse(line);
        var outcome = command.Verb switch
        {
            "EHLO" or "HELO" when command.Argument.Length == 0 => Outcome.Answer($"501 5.5.4 Syntax: {command.Verb} hostname"),
            "EHLO" or "HELO" or "RSET" or "NOOP" or "QUIT" => Outcome.Pass(line),
            "MAIL" when !session.Greeted => Outcome.Answer("503 5.5.1 Send EHLO first"),
            "MAIL" when session.InTransaction => Outcome.Answer("503 5.5.1 Sender already given; RSET first"),
            "MAIL" => Envelope(command, "FROM:", "501 5.5.4 Syntax: MAIL FROM:<address>", context),
            "RCPT" when !session.InTransaction => Outcome.Answer("503 5.5.1 Need MAIL first"),
            "RCPT" => Envelope(command, "TO:", "501 5.5.4 Syntax: RCPT TO:<address>", context),
            "DATA" when !session.InTransaction => Outcome.Answer("503 5.5.1 Need MAIL first"),
            "DATA" when session.Recipients.Count == 0 => Outcome.Answer("503 5.5.1 Need RCPT first"),
            "DATA" => Outcome.Pass(line),
            "STARTTLS" when command.Argument.Length > 0 => Outcome.Answer("501 5.5.4 Syntax: STARTTLS"),
            "STARTTLS" when context.Certificate is null => Outcome.Answer("502 5.5.1 STARTTLS not available: this server has no TLS certificate"),
            "STARTTLS" when isTls => Outcome.Answer("503 5.5.1 Already using TLS"),
            "STARTTLS" => Outcome.Pass(line),
            "AUTH" => Auth(command, session, context, isTls),
            "VRFY" => Outcome.Answer("252 2.5.0 Cannot VRFY; send the message and RCPT will tell"),
            "HELP" => Outcome.Answer("214 2.0.0 Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA RSET NOOP VRFY HELP QUIT"),
            "EXPN" or "BDAT" or "TURN" or "ETRN" or "SEND" or "SOML" or "SAML" => Outcome.Answer("502 5.5.1 Command not implemented"),
            _ => Outcome.Answer("500 5.5.2 Command unrecognized"),
        };

        // SmtpServer answers any line it cannot parse "502 Unrecognized command", a known command with a bad
        // argument too; RFC 5321 section 4.2.4 wants 501 for that. MAIL and RCPT were checked as rewritten.
        return outcome.Forward is { } forward && command.Verb is not ("MAIL" or "RCPT") && !SmtpServerParses(forward)
            ? Outcome.Answer("501 5.5.4 Syntax error in parameters or arguments")
            : outcome;
    }

    // MAIL and RCPT as SmtpServer parses them: its grammar is RFC 5321's strict one and it answers a path it cannot
    // parse "502 Unrecognized command". The path is read leniently here (SmtpPath), a bare name taken as the local
    // mailbox it names (as the CLI and the hand-written server always did), and the line handed on rewritten; what
    // SmtpServer still could not parse is refused here as bad address syntax.
    private static Outcome Envelope(SmtpCommand command, string prefix, string syntaxReply, MailPortContext context)
    {
        var isRcpt = prefix == "TO:";
        if (!SmtpPath.TryParse(command.Argument, prefix, out var path) || (isRcpt && path.Address.Length == 0))
        {
            return Outcome.Answer(syntaxReply);
        }

        if (isRcpt && path.Parameters.Count > 0)
        {
            // SmtpServer would ignore them; RFC 5321 section 4.1.1.11 asks for 555.
            return Outcome.Answer($"555 5.5.4 Unsupported parameter {path.Parameters.Keys.First()}");
        }

        var address = path.Address.Length == 0 || path.Address.Contains('@', StringComparison.Ordinal)
            ? path.Address
            : context.Options.Mailbox.AddressOf(path.Address);
        var rewritten = $"{command.Verb} {prefix}<{address}>" + string.Concat(path.Parameters.Select(p => p.Value is null ? " " + p.Key : $" {p.Key}={p.Value}"));
        return SmtpServerParses(rewritten)
            ? Outcome.Pass(rewritten)
            : Outcome.Answer(isRcpt ? $"501 5.1.3 Bad recipient address syntax: {address}" : $"501 5.1.7 Bad sender address syntax: {address}");
    }

    private static bool SmtpServerParses(string line)
    {
        var bytes = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line));
        try
        {
            return new SmtpParser(Factory).TryMake(ref bytes, out _, out _);
        }
        catch (SmtpResponseException)
        {
            // Its way of refusing a mailbox name.
            return false;
        }
    }

    private static Outcome Auth(SmtpCommand command, SubmissionSession session, MailPortContext context, bool isTls)
    {
        var args = command.Argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var outOfSequence = !session.Greeted ? "503 5.5.1 Send EHLO first"
            : session.User is not null ? "503 5.5.1 Already authenticated"
            : session.InTransaction ? "503 5.5.1 AUTH is not allowed during a mail transaction"
            : null;
        if (outOfSequence is not null)
        {
            return Outcome.Answer(outOfSequence);
        }

        if (context.Certificate is not null && !isTls)
        {
            return Outcome.Answer("538 5.7.11 Encryption required: use STARTTLS first");
        }

        if (args.Length is 0 or > 2)
        {
            return Outcome.Answer("501 5.5.4 Syntax: AUTH PLAIN [initial-response]");
        }

        if (!string.Equals(args[0], "PLAIN", StringComparison.OrdinalIgnoreCase))
        {
            return Outcome.Answer("504 5.5.4 Unrecognized authentication type; use PLAIN");
        }

        return Outcome.Pass(args.Length == 1 ? "AUTH PLAIN" : "AUTH PLAIN " + PlainResponse(args[1], session, context));
    }

    // RFC 4954's response to PLAIN, made safe for SmtpServer: good credentials re-encoded without the authorization
    // identity (checked here), anything else replaced, with the refusal left for the authenticator to give.
    private static string PlainResponse(string response, SubmissionSession session, MailPortContext context)
    {
        var refusal = response.Trim() == "*" ? "501 5.0.0 Authentication cancelled" : null;
        PlainCredentials credentials = null!;
        refusal ??= PlainCredentials.TryDecode(response, out credentials) switch
        {
            PlainCredentials.Failure.BadBase64 => "501 5.5.2 Cannot decode the response: it is not base64",
            PlainCredentials.Failure.Malformed => "501 5.5.2 Malformed PLAIN credentials: expected authzid NUL user NUL password",
            _ => null,
        };

        if (refusal is not null)
        {
            session.AuthRefusal = SmtpReplies.Response(refusal);
            return RefusedPlainResponse;
        }

        // Acting for someone else (a non-empty authzid naming another user) is not something a user may do: a
        // refused login, which the authenticator logs and counts under the user's name.
        var mailbox = context.Options.Mailbox;
        if (credentials.AuthorizationId.Length > 0 && mailbox.LoginName(credentials.AuthorizationId) != mailbox.LoginName(credentials.User))
        {
            session.AuthRefusal = SmtpReplies.Response(SubmissionAuthenticator.CredentialsInvalid);
        }

        return Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{credentials.User}\0{credentials.Password}"));
    }
}
