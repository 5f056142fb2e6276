using System.Text;
using Maildriver.MailPorts.Rfc5322;

namespace Maildriver.Tests.MailProtocols.Rfc5322;

public sealed class QuotedPrintableTests
{
    [Theory]
    [InlineData("caf=C3=A9", "café")]
    [InlineData("soft=\r\nbreak", "softbreak")]
    [InlineData("soft= \r\nbreak", "softbreak")]
    [InlineData("lf=\nbreak", "lfbreak")]
    [InlineData("a=3Db", "a=b")]
    [InlineData("lower=c3=a9", "loweré")]
    [InlineData("bad=ZZescape", "bad=ZZescape")]
    [InlineData("trailing=", "trailing")]
    public void Decodes(string encoded, string text) => Assert.Equal(text, Encoding.UTF8.GetString(QuotedPrintable.Decode(Encoding.ASCII.GetBytes(encoded))));

    [Fact]
    public void EncodesEverythingTo7BitLinesOf76AndBack()
    {
        var text = string.Join("\r\n", [new string('x', 3000), "trailing space ", "tab\t", "=equals= ünï\0nul", ""]);
        var bytes = Encoding.UTF8.GetBytes(text);

        var encoded = QuotedPrintable.Encode(bytes);

        Assert.All(encoded.Split("\r\n"), line => Assert.True(line.Length <= 76, $"{line.Length}: {line}"));
        Assert.All(encoded, c => Assert.InRange(c, (char)0, (char)127));
        Assert.DoesNotContain(" \r\n", encoded, StringComparison.Ordinal);
        Assert.Equal(bytes, QuotedPrintable.Decode(Encoding.ASCII.GetBytes(encoded)));
    }
}
