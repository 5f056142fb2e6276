using System.Text;
using Maildriver.Grains.Mime;

namespace Maildriver.Tests.MailProtocols.Mime;

/// <summary>The plain-text letters the CLI and the reader send, as MimeKit writes them.</summary>
public sealed class LetterMessagesTests
{
    private static readonly DateTimeOffset SentAt = new(2026, 12, 6, 17, 30, 5, TimeSpan.Zero);
    private static readonly MailDomain Domain = new("Campus.Example.EDU");

    [Fact]
    public void APlainLetterIsAWellFormedMimeMessageWithCrlfLines()
    {
        var bytes = LetterMessages.PlainText(Domain, "alice", ["bob", "carol"], "Hello", "Dear Bob,\nlunch?", SentAt, "abc@campus.example.edu");

        AssertCrlfOnly(bytes);
        var message = LetterMessages.Parse(bytes);
        Assert.Equal("alice@campus.example.edu", message.From.Mailboxes.Single().Address);
        Assert.Equal(["bob@campus.example.edu", "carol@campus.example.edu"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(("Hello", SentAt, "abc@campus.example.edu"), (message.Subject, message.Date, message.MessageId));
        Assert.Equal("text/plain", message.Body!.ContentType.MimeType);
        Assert.Equal("utf-8", message.Body.ContentType.Charset);
        Assert.Equal("Dear Bob,\nlunch?", LetterContent.TextOf(message));
        Assert.Empty(LetterContent.AttachmentsOf(message));
    }

    [Fact]
    public void ANonAsciiSubjectAndTextAreEncodedSoTheMessageIsAscii()
    {
        var bytes = LetterMessages.PlainText(Domain, "alice", ["bob"], MimeSamples.Subject, "Grüße\n\0 and a NUL\n", SentAt, "x@y");

        Assert.All(bytes, b => Assert.True(b < 0x80, $"octet {b:x2} is not ASCII"));
        Assert.Contains("Subject: =?utf-8?", MimeSamples.Ascii(bytes), StringComparison.OrdinalIgnoreCase);
        var message = LetterMessages.Parse(bytes);
        Assert.Equal(MimeSamples.Subject, message.Subject);
        Assert.Equal("Grüße\n\0 and a NUL\n", LetterContent.TextOf(message));
    }

    [Fact]
    public void LinesOverTheLimitAreEncodedAndComeBackWhole()
    {
        var longLine = new string('z', 5000);
        var bytes = LetterMessages.PlainText(Domain, "a", ["b"], "s", longLine + "\n", SentAt, "x@y");

        Assert.All(Encoding.ASCII.GetString(bytes).Split("\r\n"), line => Assert.True(line.Length <= 998));
        Assert.Equal(longLine + "\n", LetterContent.TextOf(LetterMessages.Parse(bytes)));
    }

    [Fact]
    public void TheSameLetterGivesTheSameBytes()
        => Assert.Equal(
            LetterMessages.PlainText(Domain, "a", ["b"], "s", "t", SentAt, "x@y"),
            LetterMessages.PlainText(Domain, "a", ["b"], "s", "t", SentAt, "x@y"));

    [Fact]
    public void WrittenMessagesEndLinesWithCrlfWhateverTheyWereParsedFrom()
    {
        var lf = Encoding.ASCII.GetBytes("Subject: lf\nFrom: a@b\n\none\ntwo\n");
        AssertCrlfOnly(LetterMessages.ToBytes(LetterMessages.Parse(lf)));
    }

    [Theory]
    [InlineData("Message-ID: <a.b@c>\r\nSubject: plain\r\n\r\nbody\r\n")]
    [InlineData("Subject: =?utf-8?B?R3LDvMOfZQ==?= and\r\n  folded\r\nMessage-Id:   (a comment) <x@y>  \r\n\r\n")]
    [InlineData("Message-ID: not-bracketed@host\nSubject: LF only\n\nbody\n")]
    [InlineData("Subject: headers only, no blank line\r\nMessage-ID: <h@o>\r\n")]
    [InlineData("just a line of text with no header\r\n")]
    [InlineData("")]
    [InlineData("Message-ID: <first@x>\r\nMessage-ID: <second@x>\r\n\r\n")]
    public void TheHeaderAloneSaysWhatTheWholeParseSaysOfTheMessageIdAndSubject(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);

        var whole = LetterMessages.Parse(bytes);
        var header = LetterMessages.ParseHeaders(bytes);

        Assert.Equal((whole.MessageId, whole.Subject), (header.MessageId, header.Subject));
    }

    [Fact]
    public void TheHeaderOfARichMessageIsReadWithoutItsParts()
    {
        var bytes = LetterMessages.ToBytes(MimeSamples.Rich(messageId: "rich@maildriver.local"));

        var header = LetterMessages.ParseHeaders(bytes);

        Assert.Equal(("rich@maildriver.local", LetterMessages.Parse(bytes).Subject), (header.MessageId, header.Subject));
        Assert.Null(header.Body);
    }

    private static void AssertCrlfOnly(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                Assert.True(i > 0 && bytes[i - 1] == (byte)'\r', $"a bare LF at octet {i}");
            }
        }
    }
}
