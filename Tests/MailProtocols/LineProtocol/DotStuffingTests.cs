using System.Buffers;
using System.Text;
using Maildriver.MailPorts.LineProtocol;

namespace Maildriver.Tests.MailProtocols.LineProtocol;

public sealed class DotStuffingTests
{
    [Theory]
    [InlineData("", ".\r\n")]
    [InlineData("hello\r\n", "hello\r\n.\r\n")]
    [InlineData("no line end", "no line end\r\n.\r\n")]
    [InlineData(".\r\n", "..\r\n.\r\n")]
    [InlineData(".starts\r\nmid.dle\r\n..two\r\n", "..starts\r\nmid.dle\r\n...two\r\n.\r\n")]
    [InlineData("a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n.\r\n")]
    public void EncodeAddsADotToLinesStartingWithOneAndTheTerminator(string text, string wire)
    {
        var output = new ArrayBufferWriter<byte>();
        DotStuffing.Encode(Encoding.UTF8.GetBytes(text), output);
        Assert.Equal(wire, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Theory]
    [InlineData("..", ".")]
    [InlineData("...x", "..x")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    public void UnstuffRemovesOneLeadingDot(string line, string text)
        => Assert.Equal(text, Encoding.UTF8.GetString(DotStuffing.Unstuff(Encoding.UTF8.GetBytes(line))));

    [Theory]
    [InlineData(".", true)]
    [InlineData("..", false)]
    [InlineData(". ", false)]
    [InlineData("", false)]
    public void OnlyALoneDotEndsTheText(string line, bool end) => Assert.Equal(end, DotStuffing.IsTerminator(Encoding.UTF8.GetBytes(line)));
}
