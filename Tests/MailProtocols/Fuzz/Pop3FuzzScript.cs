using System.Globalization;
using static Maildriver.Tests.MailProtocols.Fuzz.FuzzLines;

namespace Maildriver.Tests.MailProtocols.Fuzz;

/// <summary>What a fuzzing POP3 client says: real commands with bad and good arguments, logins, junk.</summary>
public sealed class Pop3FuzzScript(string user) : IFuzzScript
{
    private static readonly string[] Keywords = ["USER", "PASS", "STAT", "LIST", "UIDL", "RETR", "TOP", "DELE", "RSET", "NOOP", "CAPA", "STLS", "APOP", "AUTH", "QUIT", "XTND"];

    /// <inheritdoc/>
    public string Next(Random random) => random.Next(100) switch
    {
        < 10 => $"USER {user}\r\nPASS {user}-pw\r\n",
        < 14 => $"USER {Pick(random, user, "nobody", Token(random))}\r\nPASS {Token(random, 30)}\r\n",
        < 60 => $"{Scramble(random, Pick(random, Keywords))}{Arguments(random)}\r\n",
        < 80 => RandomBytes(random),
        < 90 => $"{Token(random, 8)} {Token(random, 40)}\r\n",
        < 99 => Overlong(random),
        _ => Endless(random),
    };

    private static string Arguments(Random random) => random.Next(5) switch
    {
        0 => string.Empty,
        1 => " " + Number(random),
        2 => string.Create(CultureInfo.InvariantCulture, $" {Number(random)} {Number(random)}"),
        3 => " " + Token(random, 60),
        _ => "  " + Number(random) + " ",
    };
}
