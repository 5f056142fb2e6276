using Maildriver.MailPorts.Smtp;

namespace Maildriver.Tests.MailProtocols.Parsing;

public sealed class SmtpCommandTests
{
    [Theory]
    [InlineData("EHLO client.example", "EHLO", "client.example")]
    [InlineData("mail FROM:<a@b>  ", "MAIL", "FROM:<a@b>")]
    [InlineData("QUIT", "QUIT", "")]
    [InlineData("", "", "")]
    public void SplitsVerbAndArgument(string line, string verb, string argument)
    {
        var command = SmtpCommand.Parse(line);
        Assert.Equal((verb, argument), (command.Verb, command.Argument));
    }

    [Theory]
    [InlineData("FROM:<alice@maildriver.local>", "alice@maildriver.local")]
    [InlineData("from: <alice>", "alice")]
    [InlineData("FROM:alice@x", "alice@x")]
    [InlineData("FROM:<>", "")]
    [InlineData("FROM:<@relay.example,@other:alice@x>", "alice@x")]
    public void ParsesPaths(string argument, string address)
    {
        Assert.True(SmtpPath.TryParse(argument, "FROM:", out var path));
        Assert.Equal(address, path.Address);
        Assert.Empty(path.Parameters);
    }

    [Fact]
    public void ParsesParameters()
    {
        Assert.True(SmtpPath.TryParse("FROM:<a@b> SIZE=1000 body=8BITMIME SMTPUTF8", "FROM:", out var path));
        Assert.Equal("1000", path.Parameters["SIZE"]);
        Assert.Equal("8BITMIME", path.Parameters["BODY"]);
        Assert.Null(path.Parameters["SMTPUTF8"]);
    }

    [Theory]
    [InlineData("TO:<bob>")]
    [InlineData("FROM:<unclosed")]
    [InlineData("FROM:")]
    [InlineData("FROM:<a b@c>")]
    [InlineData("FROM:<a@b>junk")]
    [InlineData("FROM:<a@b> SIZE=1 SIZE=2")]
    [InlineData("FROM:<a@b> =x")]
    [InlineData("FROM:<a@b> X\rY=1")]
    public void RefusesMalformedPaths(string argument) => Assert.False(SmtpPath.TryParse(argument, "FROM:", out _));

    [Fact]
    public void RefusesPathsOver256Octets() => Assert.False(SmtpPath.TryParse($"TO:<{new string('a', 250)}@b.example>", "TO:", out _));
}
