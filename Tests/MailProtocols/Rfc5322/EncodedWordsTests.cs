using Maildriver.MailPorts.Rfc5322;

namespace Maildriver.Tests.MailProtocols.Rfc5322;

public sealed class EncodedWordsTests
{
    [Theory]
    [InlineData("plain subject", "plain subject")]
    [InlineData("=?utf-8?B?w7xiZXI=?=", "über")]
    [InlineData("=?UTF-8?Q?caf=C3=A9_au_lait?=", "café au lait")]
    [InlineData("=?iso-8859-1?q?caf=E9?=", "café")]
    [InlineData("=?utf-8*en?B?aGk=?=", "hi")]
    [InlineData("Re: =?utf-8?B?w7xiZXI=?= tag", "Re: über tag")]
    // RFC 2047 section 8: white space between adjacent encoded-words is not displayed.
    [InlineData("=?utf-8?Q?a?= =?utf-8?Q?b?=", "ab")]
    [InlineData("=?utf-8?Q?a?=\t  =?utf-8?Q?b?= c", "ab c")]
    [InlineData("=?utf-8?Q?a_?= b", "a  b")]
    // Left as written: an unknown charset, bad base64, a malformed word.
    [InlineData("=?x-unknown?B?aGk=?=", "=?x-unknown?B?aGk=?=")]
    [InlineData("=?utf-8?B?not*base64?=", "=?utf-8?B?not*base64?=")]
    [InlineData("=?utf-8?X?abc?=", "=?utf-8?X?abc?=")]
    public void DecodesBAndQWords(string header, string text) => Assert.Equal(text, EncodedWords.Decode(header));

    [Theory]
    [InlineData("über")]
    [InlineData("日本語のメールの件名はとても長くなることがありますので、折り返しが必要です")]
    [InlineData("emoji 📬 and more 📬📬📬📬📬📬📬📬📬📬📬📬📬📬📬📬📬📬")]
    [InlineData("")]
    public void EncodeRoundTripsAndKeepsLinesShort(string subject)
    {
        var encoded = EncodedWords.Encode(subject);
        Assert.All(encoded.Split("\r\n"), line => Assert.True(("Subject: " + line).Length <= 78, line));
        Assert.All(encoded, c => Assert.InRange(c, (char)0, (char)127));
        Assert.Equal(subject, EncodedWords.Decode(encoded.Replace("\r\n", "", StringComparison.Ordinal)));
    }
}
