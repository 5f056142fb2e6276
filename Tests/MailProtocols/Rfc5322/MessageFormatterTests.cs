using System.Text;
using Maildriver.MailPorts.Rfc5322;
using Maildriver.Grains.Server;

namespace Maildriver.Tests.MailProtocols.Rfc5322;

public sealed class MessageFormatterTests
{
    private static readonly LocalMailbox Mailbox = new("campus.example.edu");
    private static readonly DateTimeOffset SentAt = new(2025, 7, 1, 9, 5, 3, TimeSpan.FromHours(2));

    [Fact]
    public void AnAsciiLetterIsAWellFormedEightBitMessage()
    {
        var letter = new LetterView("MD1.1751353503000001", "alice", ["bob", "carol"], "Lunch", SentAt, "Dear Bob,\n.see you\n", Read: false);

        var formatted = MessageFormatter.Format(letter, Mailbox);
        var text = Encoding.UTF8.GetString(formatted.Bytes);

        Assert.Equal(
            "Date: Tue, 1 Jul 2025 07:05:03 +0000\r\n"
            + "From: alice@campus.example.edu\r\n"
            + "To: bob@campus.example.edu, carol@campus.example.edu\r\n"
            + "Subject: Lunch\r\n"
            + "Message-ID: <MD1.1751353503000001@campus.example.edu>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + "Dear Bob,\r\n.see you\r\n",
            text);
        Assert.Equal(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4, formatted.BodyOffset);
        Assert.Equal(formatted.Bytes.Length, formatted.Size);
    }

    [Fact]
    public void ANonAsciiSubjectIsEncodedAndTheBodyIsUtf8()
    {
        var letter = new LetterView("MD2.7", "alice", ["bob"], "Grüße aus Köln", SentAt, "Schöne Grüße\r\nno final line end", Read: false);

        var formatted = MessageFormatter.Format(letter, Mailbox);
        var headers = HeaderSection.Parse(formatted.Bytes);

        Assert.StartsWith("=?utf-8?B?", headers["Subject"], StringComparison.Ordinal);
        Assert.Equal("Grüße aus Köln", EncodedWords.Decode(headers["Subject"]!));
        Assert.Equal("Schöne Grüße\r\nno final line end\r\n", Encoding.UTF8.GetString(formatted.Bytes.AsSpan(formatted.BodyOffset)));
        AssertWellFormed(formatted);
    }

    [Fact]
    public void ABodyWithOverlongLinesOrNulGoesQuotedPrintable()
    {
        var body = new string('ä', 700) + "\nnul:\0\n";
        var letter = new LetterView("MD1.1", "alice", ["bob"], "s", SentAt, body, Read: true);

        var formatted = MessageFormatter.Format(letter, Mailbox);
        var headers = HeaderSection.Parse(formatted.Bytes);

        Assert.Equal("quoted-printable", headers["Content-Transfer-Encoding"]);
        AssertWellFormed(formatted);
        var decoded = QuotedPrintable.Decode(formatted.Bytes.AsSpan(formatted.BodyOffset));
        Assert.Equal(body.Replace("\n", "\r\n", StringComparison.Ordinal), Encoding.UTF8.GetString(decoded));
    }

    [Fact]
    public void ManyRecipientsAreFoldedAndParsedBack()
    {
        var to = Enumerable.Range(1, 40).Select(i => $"user{i}").ToList();
        var formatted = MessageFormatter.Format(new LetterView("MD1.2", "alice", to, "", SentAt, "", Read: false), Mailbox);

        AssertWellFormed(formatted);
        var unfolded = HeaderSection.Parse(formatted.Bytes)["To"]!;
        Assert.Equal(to.Select(Mailbox.AddressOf), unfolded.Split(',', StringSplitOptions.TrimEntries));
        Assert.Equal("", HeaderSection.Parse(formatted.Bytes)["Subject"]);
    }

    [Fact]
    public void TopGivesTheHeaderAndTheFirstLines()
    {
        var formatted = MessageFormatter.Format(new LetterView("MD1.3", "a", ["b"], "s", SentAt, "one\ntwo\nthree\n", Read: false), Mailbox);

        Assert.Equal(formatted.BodyOffset, formatted.Top(0).Length);
        Assert.EndsWith("\r\n\r\none\r\ntwo\r\n", Encoding.UTF8.GetString(formatted.Top(2).Span), StringComparison.Ordinal);
        Assert.Equal(formatted.Size, formatted.Top(99).Length);
    }

    [Fact]
    public void AnEncodedWordLookalikeSubjectIsEncodedSoItReadsBackLiterally()
    {
        var formatted = MessageFormatter.Format(new LetterView("MD1.4", "a", ["b"], "=?utf-8?B?aGk=?=", SentAt, "", Read: false), Mailbox);
        Assert.Equal("=?utf-8?B?aGk=?=", EncodedWords.Decode(HeaderSection.Parse(formatted.Bytes)["Subject"]!));
    }

    // CRLF only, no line over 998 octets, a header section every field of which is well-formed.
    private static void AssertWellFormed(FormattedMessage formatted)
    {
        var text = Encoding.UTF8.GetString(formatted.Bytes);
        Assert.DoesNotContain("\r\r", text, StringComparison.Ordinal);
        Assert.Equal(text.Count(c => c == '\n'), text.Split("\r\n").Length - 1);
        Assert.All(text.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 998, line));
        var header = text[..formatted.BodyOffset];
        Assert.All(header.Split("\r\n")[..^2], line => Assert.True(line.Length <= 78, line));
        Assert.All(header, c => Assert.InRange(c, (char)0, (char)127));
        Assert.Equal(
            ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"],
            HeaderSection.Parse(formatted.Bytes).Fields.Select(f => f.Name));
    }
}
