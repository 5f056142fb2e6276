using System.Text;
using Maildriver.MailPorts.Rfc5322;

namespace Maildriver.Tests.MailProtocols.Rfc5322;

public sealed class HeaderSectionTests
{
    [Fact]
    public void UnfoldsContinuationLinesAndFindsTheBody()
    {
        var message = "Subject: a long\r\n  folded\r\n\tsubject\r\nFrom: x@y\r\n\r\nbody\r\n";
        var headers = HeaderSection.Parse(Encoding.UTF8.GetBytes(message));

        Assert.Equal(["Subject", "From"], headers.Fields.Select(f => f.Name));
        Assert.Equal("a long  folded\tsubject", headers["subject"]);
        Assert.Equal("body\r\n", message[headers.BodyOffset..]);
    }

    [Fact]
    public void AcceptsBareLineFeedsAndAFieldWithoutSpace()
    {
        var headers = HeaderSection.Parse("Subject:tight\nX-Other : spaced\n\nbody"u8);
        Assert.Equal("tight", headers["Subject"]);
        Assert.Equal("spaced", headers["X-Other"]);
        Assert.Equal(headers.BodyOffset, "Subject:tight\nX-Other : spaced\n\n".Length);
    }

    [Theory]
    [InlineData("Dear Bob,\r\nSee you: tomorrow\r\n")]
    [InlineData(" starts with a space: no\r\n\r\nbody")]
    [InlineData("Subject: ok\r\nthen a line that is not a header\r\n\r\nbody")]
    public void TextThatDoesNotStartWithHeadersIsAllBody(string message)
    {
        var headers = HeaderSection.Parse(Encoding.UTF8.GetBytes(message));
        Assert.Empty(headers.Fields);
        Assert.Equal(0, headers.BodyOffset);
    }

    [Fact]
    public void HeadersWithoutABody()
    {
        var bytes = "Subject: only\r\n"u8.ToArray();
        var headers = HeaderSection.Parse(bytes);
        Assert.Equal("only", headers["Subject"]);
        Assert.Equal(bytes.Length, headers.BodyOffset);
    }

    [Fact]
    public void ReadsUtf8Headers() => Assert.Equal("Grüße", HeaderSection.Parse(Encoding.UTF8.GetBytes("Subject: Grüße\r\n\r\n"))["Subject"]);
}
