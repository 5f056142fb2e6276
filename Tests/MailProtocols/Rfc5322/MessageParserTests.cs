using System.Text;
using Maildriver.MailPorts.Rfc5322;

namespace Maildriver.Tests.MailProtocols.Rfc5322;

public sealed class MessageParserTests
{
    [Fact]
    public void TakesSubjectBodyAndMessageId()
    {
        var parsed = Parse("From: alice@maildriver.local\r\nSubject: =?utf-8?Q?Gr=C3=BC=C3=9Fe?=\r\n aus Berlin\r\nMessage-ID: <abc.123@client.example>\r\n\r\nHello,\r\nBob\r\n");

        Assert.Equal("Grüße aus Berlin", parsed.Subject);
        Assert.Equal("Hello,\nBob\n", parsed.Body);
        Assert.Equal("abc.123@client.example", parsed.MessageId);
    }

    [Theory]
    [InlineData("Message-ID: <x@y>", "x@y")]
    [InlineData("Message-Id:   <x@y>  ", "x@y")]
    [InlineData("Message-ID: bare@id", "bare@id")]
    [InlineData("Message-ID: <>", null)]
    [InlineData("Message-ID: <has space@y>", null)]
    [InlineData("X-Other: 1", null)]
    public void MessageIds(string header, string? id) => Assert.Equal(id, Parse($"{header}\r\nSubject: s\r\n\r\nb\r\n").MessageId);

    [Fact]
    public void ABareTextHasNoSubjectAndIsAllBody()
    {
        var parsed = Parse("just a note\r\nno headers: at all\r\n");
        Assert.Equal("", parsed.Subject);
        Assert.Equal("just a note\nno headers: at all\n", parsed.Body);
        Assert.Null(parsed.MessageId);
    }

    [Fact]
    public void ASubjectIsOneLineOfAtMost998Characters()
    {
        var parsed = Parse($"Subject: =?utf-8?Q?line=0Abreak?= {new string('x', 2000)}\r\n\r\nbody");
        Assert.StartsWith("line break ", parsed.Subject, StringComparison.Ordinal);
        Assert.Equal(MessageParser.MaxSubjectLength, parsed.Subject.Length);
        Assert.DoesNotContain('\n', parsed.Subject);
    }

    [Fact]
    public void DecodesAQuotedPrintableLatin1Body()
    {
        var parsed = Parse("Subject: s\r\nContent-Type: text/plain; charset=\"ISO-8859-1\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=E9 =\r\nnoir\r\n");
        Assert.Equal("café noir\n", parsed.Body);
    }

    [Fact]
    public void DecodesABase64Body()
    {
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes("über alles\r\nzweite Zeile\r\n"));
        var parsed = Parse($"Subject: s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{body[..10]}\r\n{body[10..]}\r\n");
        Assert.Equal("über alles\nzweite Zeile\n", parsed.Body);
    }

    [Fact]
    public void TakesTheFirstPlainTextPartOfNestedMultipart()
    {
        const string message = """
            Subject: with attachment
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"

            preamble
            --outer
            Content-Type: multipart/alternative; boundary=inner

            --inner
            Content-Type: text/html

            <p>html</p>
            --inner
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            the plain=20text
            --inner--
            --outer
            Content-Type: application/pdf
            Content-Transfer-Encoding: base64

            JVBERi0=
            --outer--
            epilogue
            """;

        Assert.Equal("the plain text", Parse(message.ReplaceLineEndings("\r\n")).Body);
    }

    [Fact]
    public void AMultipartWithoutPlainTextIsKeptAsReceived()
    {
        var message = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: image/png\r\n\r\niVBOR\r\n--b--\r\n";
        Assert.Equal("--b\nContent-Type: image/png\n\niVBOR\n--b--\n", Parse(message).Body);
    }

    [Fact]
    public void AMultipartWithoutItsClosingDelimiterStillGivesItsText()
        => Assert.Equal("cut short\n", Parse("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\ncut short\r\n").Body);

    [Fact]
    public void HostileNestingStopsInsteadOfRecursingForever()
    {
        var message = new StringBuilder("Content-Type: multipart/mixed; boundary=b0\r\n\r\n");
        for (var i = 0; i < 200; i++)
        {
            message.Append(System.Globalization.CultureInfo.InvariantCulture, $"--b{i}\r\nContent-Type: multipart/mixed; boundary=b{i + 1}\r\n\r\n");
        }

        message.Append("--b200\r\nContent-Type: text/plain\r\n\r\ntoo deep\r\n");

        Assert.StartsWith("--b0\n", Parse(message.ToString()).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ANonTextSinglePartIsKeptAsReceived()
        => Assert.Equal("JVBERi0=\n", Parse("Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n").Body);

    private static ParsedMessage Parse(string message) => MessageParser.Parse(Encoding.UTF8.GetBytes(message));
}
