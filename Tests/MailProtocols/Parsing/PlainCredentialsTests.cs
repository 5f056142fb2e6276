using System.Text;
using Maildriver.MailPorts.LineProtocol;

namespace Maildriver.Tests.MailProtocols.Parsing;

public sealed class PlainCredentialsTests
{
    [Theory]
    [InlineData("\0alice\0secret pw", "", "alice", "secret pw")]
    [InlineData("alice\0alice\0pw", "alice", "alice", "pw")]
    [InlineData("\0jürgen\0pässwörd", "", "jürgen", "pässwörd")]
    public void DecodesTheThreeFields(string plain, string authzid, string user, string password)
    {
        Assert.Equal(PlainCredentials.Failure.None, PlainCredentials.TryDecode(Base64(plain), out var credentials));
        Assert.Equal(new PlainCredentials(authzid, user, password), credentials);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AGFsaWNlAHB")] // one character short of "\0alice\0pw"
    [InlineData("****")]
    [InlineData("AGFsaWNl\u0001AHB3")]
    public void BadBase64(string response) => Assert.Equal(PlainCredentials.Failure.BadBase64, PlainCredentials.TryDecode(response, out _));

    [Theory]
    [InlineData("alice")]
    [InlineData("\0alice")]
    [InlineData("\0\0pw")]
    [InlineData("\0alice\0")]
    [InlineData("a\0b\0c\0d")]
    public void Malformed(string plain) => Assert.Equal(PlainCredentials.Failure.Malformed, PlainCredentials.TryDecode(Base64(plain), out _));

    [Fact]
    public void TheEmptyResponseIsMalformed() => Assert.Equal(PlainCredentials.Failure.Malformed, PlainCredentials.TryDecode("=", out _));

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
