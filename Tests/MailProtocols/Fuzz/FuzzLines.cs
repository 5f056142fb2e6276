using System.Text;

namespace Maildriver.Tests.MailProtocols.Fuzz;

/// <summary>Random and malformed lines both protocols get: junk bytes, over-long lines, one that never ends.</summary>
public static class FuzzLines
{
    private const string Printable = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 <>@.:=+/*-_\"\\";

    /// <summary>A line of random bytes (NUL, bare CR, bytes that are not UTF-8, anything but LF), with its CRLF.</summary>
    public static string RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = bytes[i] == (byte)'\n' ? (byte)'?' : bytes[i];
        }

        // Latin-1 maps each byte to one char and back, so the bytes go on the wire as they are.
        return Encoding.Latin1.GetString(bytes) + "\r\n";
    }

    /// <summary>A printable token of up to <paramref name="max"/> characters.</summary>
    public static string Token(Random random, int max = 20)
        => new(Enumerable.Range(0, random.Next(0, max + 1)).Select(_ => Printable[random.Next(Printable.Length)]).ToArray());

    /// <summary>A line over every command limit (but ended).</summary>
    public static string Overlong(Random random) => new string('L', random.Next(513, 6000)) + "\r\n";

    /// <summary>More than the servers discard before they give up on a command line: the connection closes.</summary>
    public static string Endless(Random random) => new('E', random.Next(70_000, 90_000));

    /// <summary>A number a client might put where a message number or a size goes.</summary>
    public static string Number(Random random) => random.Next(8) switch
    {
        0 => "-1",
        1 => "0",
        2 => "99999999999999999999",
        3 => Token(random, 5),
        4 => "1 2 3",
        _ => random.Next(1, 6).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Picks one of <paramref name="items"/>.</summary>
    public static T Pick<T>(Random random, params T[] items) => items[random.Next(items.Length)];

    /// <summary><paramref name="text"/> with its letters' case scrambled: keywords are case-insensitive.</summary>
    public static string Scramble(Random random, string text)
        => new(text.Select(c => random.Next(2) == 0 ? char.ToLowerInvariant(c) : c).ToArray());
}
