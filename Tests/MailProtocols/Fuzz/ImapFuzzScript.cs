using System.Globalization;
using static Maildriver.Tests.MailProtocols.Fuzz.FuzzLines;

namespace Maildriver.Tests.MailProtocols.Fuzz;

/// <summary>
/// What a fuzzing IMAP client says: logins, real commands with good and bad arguments (sequence sets, FETCH items,
/// flags, search keys), literals announced with the right count, the wrong count or far too large, IDLE, junk.
/// </summary>
public sealed class ImapFuzzScript(string user) : IFuzzScript
{
    private static readonly string[] Commands =
    [
        "CAPABILITY", "NOOP", "LOGIN", "AUTHENTICATE PLAIN", "STARTTLS", "SELECT", "EXAMINE", "LIST", "LSUB", "STATUS", "FETCH", "UID FETCH",
        "STORE", "UID STORE", "SEARCH", "UID SEARCH", "EXPUNGE", "UID EXPUNGE", "CLOSE", "UNSELECT", "CHECK", "IDLE", "DONE", "CREATE",
        "APPEND", "COPY", "UID", "XYZZY",
    ];

    private int _tags;

    /// <summary>
    /// LOGOUT, after whatever was left half-done; should a literal (at most 64 KiB) still be waiting for octets, the
    /// tail fills it and what is left is still a line longer than the server discards (64 KiB) before it gives up,
    /// so the connection closes either way.
    /// </summary>
    public string Goodbye => "\r\nz LOGOUT\r\n" + new string('E', 140_000);

    /// <inheritdoc/>
    public string Next(Random random) => random.Next(100) switch
    {
        < 8 => $"{Tag()} LOGIN {user} {user}-pw\r\n{Tag()} SELECT INBOX\r\n",
        < 12 => Literal(random),
        < 15 => $"{Tag()} LOGIN {Token(random, 8)} {{{random.Next(0, 200_000)}{Pick(random, "", "+")}}}\r\n",
        < 60 => $"{Tag()} {Scramble(random, Pick(random, Commands))}{Arguments(random)}\r\n",
        < 75 => RandomBytes(random),
        < 88 => $"{Token(random, 8)} {Token(random, 40)}\r\n",
        < 99 => Overlong(random) + new string('O', random.Next(0, 9000)),
        _ => Endless(random),
    };

    private string Tag() => string.Create(CultureInfo.InvariantCulture, $"f{++_tags}");

    // A literal with exactly the octets it announces, synchronizing or not, holding anything, CRLF included.
    private string Literal(Random random)
    {
        var text = Token(random, 30) + Pick(random, string.Empty, "\r\n", "\0", "\"");
        return $"{Tag()} {Pick(random, "LOGIN x", "SEARCH SUBJECT", "SELECT", "STATUS")} {{{text.Length}{Pick(random, "", "+")}}}\r\n{text} {Token(random, 10)}\r\n";
    }

    private static string Arguments(Random random) => random.Next(14) switch
    {
        0 => string.Empty,
        1 => " " + Number(random),
        2 => " 1:* (FLAGS UID ENVELOPE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT)] BODYSTRUCTURE)",
        3 => $" {Pick(random, "1", "*", "1:*", "0", "2,4:6", "1:x", "4294967296", ",")} {Pick(random, "FLAGS", "BODY[]<0.10>", "BODY[1.MIME]", "(UID", "BODY[", "FULL", "ALL", "BODY[TEXT]<5.0>")}",
        4 => $" {Pick(random, "1", "1:*", "*")} {Pick(random, "+FLAGS", "-FLAGS", "FLAGS.SILENT", "+FLAGS.SILENT", "FROB")} {Pick(random, "(\\Seen)", "(\\Deleted)", "\\Flagged", "(\\Draft)", "(\\Answered", "()")}",
        5 => $" {Pick(random, "OR SEEN UNSEEN", "NOT FROM x", "SINCE 1-Jan-2020", "BEFORE yesterday", "UID 1:*", "(SUBJECT \"a\" TO b)", "CHARSET KOI8-R ALL", "OR")}",
        6 => $" \"\" {Pick(random, "*", "%", "\"\"", "INBOX", "\"In%\"")}",
        7 => $" {Pick(random, "INBOX", "inbox", "Archive", "\"INBOX", "{5}")} {Pick(random, "(MESSAGES UIDNEXT)", "(SIZE)", "(", string.Empty)}",
        8 => " " + Token(random, 60),
        9 => "  " + Number(random) + " ",
        10 => " " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"\0{Token(random, 6)}\0{Token(random, 6)}")),
        _ => string.Empty,
    };
}
