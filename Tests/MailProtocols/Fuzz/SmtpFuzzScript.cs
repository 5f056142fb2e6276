using System.Text;
using static Maildriver.Tests.MailProtocols.Fuzz.FuzzLines;

namespace Maildriver.Tests.MailProtocols.Fuzz;

/// <summary>
/// What a fuzzing SMTP client says: real commands with bad and good arguments, logins with good and broken
/// base64, whole transactions (some sending real letters, some with messages that never end), and junk.
/// </summary>
public sealed class SmtpFuzzScript(string user, string recipient) : IFuzzScript
{
    private static readonly string[] Verbs = ["EHLO", "HELO", "MAIL", "RCPT", "DATA", "RSET", "NOOP", "VRFY", "EXPN", "HELP", "STARTTLS", "AUTH", "BDAT", "QUIT", "TURN"];

    /// <inheritdoc/>
    public string Next(Random random) => random.Next(100) switch
    {
        < 8 => $"EHLO fuzz.example\r\nAUTH PLAIN {Base64($"\0{user}\0{user}-pw")}\r\n",
        < 14 => $"AUTH {Pick(random, "PLAIN", "LOGIN", "plain", "CRAM-MD5", "")}\r\n{AuthResponse(random)}\r\n",
        < 22 => Transaction(random),
        < 55 => $"{Scramble(random, Pick(random, Verbs))}{Argument(random)}\r\n",
        < 75 => RandomBytes(random),
        < 88 => $"{Token(random, 8)} {Token(random, 40)}\r\n",
        < 99 => Overlong(random),
        _ => Endless(random),
    };

    private string Argument(Random random) => random.Next(8) switch
    {
        0 => string.Empty,
        1 => $" FROM:<{Pick(random, user, $"{user}@maildriver.local", "", "x@y@z", Token(random))}>{Parameters(random)}",
        2 => $" TO:<{Pick(random, recipient, "nobody", $"{recipient}@elsewhere.example", "<<>>", Token(random))}>{Parameters(random)}",
        3 => " FROM:" + Token(random, 300),
        4 => " " + Pick(random, "PLAIN", "PLAIN =", "PLAIN *", "LOGIN", "fuzz.example"),
        5 => " PLAIN " + AuthResponse(random),
        _ => " " + Token(random, 60),
    };

    private static string Parameters(Random random) => random.Next(5) switch
    {
        0 => " SIZE=" + Number(random),
        1 => " BODY=" + Pick(random, "8BITMIME", "7BIT", "BINARYMIME", Token(random, 5)),
        2 => $" {Token(random, 6)}={Token(random, 6)}",
        _ => string.Empty,
    };

    private string AuthResponse(Random random) => random.Next(6) switch
    {
        0 => Base64($"\0{user}\0{user}-pw"),
        1 => Base64($"\0{user}\0{Token(random)}"),
        2 => Base64(Token(random, 40)),
        3 => "*",
        4 => "=",
        _ => Token(random, 40),
    };

    // MAIL, RCPT, DATA and a message; a fifth of the messages never end, so what follows is text, not commands.
    private string Transaction(Random random)
    {
        var text = new StringBuilder($"MAIL FROM:<{user}>\r\nRCPT TO:<{recipient}>\r\nDATA\r\n");
        if (random.Next(2) == 0)
        {
            text.Append($"Subject: {Token(random, 30)}\r\nMessage-ID: <{Token(random, 10)}@fuzz>\r\n\r\n");
        }

        for (var i = random.Next(0, 12); i > 0; i--)
        {
            text.Append(random.Next(4) switch
            {
                0 => "." + Token(random, 40) + "\r\n",
                1 => RandomBytes(random),
                _ => Token(random, 70) + "\r\n",
            });
        }

        return random.Next(5) == 0 ? text.ToString() : text.Append(".\r\n").ToString();
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
