using System.Text;
using Maildriver.MailPorts.Smtp;

namespace Maildriver.Tests.MailProtocols.Parsing;

/// <summary>The line length SMTP DATA is held to (RFC 5322's 998 octets, without the CRLF).</summary>
public sealed class LongestLineTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("a\r\n", 1)]
    [InlineData("ab\r\n\r\nabcd\r\nabc", 4)]
    [InlineData("abcde\nab\r\n", 5)]
    public void CountsOctetsWithoutTheLineEnd(string message, int longest)
        => Assert.Equal(longest, SubmissionStore.LongestLine(Encoding.ASCII.GetBytes(message)));

    [Fact]
    public void NineHundredNinetyEightFitsAndOneMoreDoesNot()
    {
        Assert.Equal(998, SubmissionStore.LongestLine(Encoding.ASCII.GetBytes("Subject: s\r\n\r\n" + new string('x', 998) + "\r\n")));
        Assert.Equal(999, SubmissionStore.LongestLine(Encoding.ASCII.GetBytes(new string('x', 999) + "\r\n")));
    }
}
