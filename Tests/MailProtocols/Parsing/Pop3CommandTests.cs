using Maildriver.MailPorts.Pop3;

namespace Maildriver.Tests.MailProtocols.Parsing;

public sealed class Pop3CommandTests
{
    [Theory]
    [InlineData("STAT", "STAT", "")]
    [InlineData("list 2", "LIST", "2")]
    [InlineData("Top 1 10", "TOP", "1 10")]
    [InlineData("PASS my secret  pass ", "PASS", "my secret  pass ")]
    [InlineData("", "", "")]
    [InlineData(" STAT", "", "STAT")]
    public void SplitsKeywordAndArgument(string line, string keyword, string argument)
    {
        var command = Pop3Command.Parse(line);
        Assert.Equal((keyword, argument), (command.Keyword, command.Argument));
    }

    [Fact]
    public void ArgumentsAreSpaceSeparated() => Assert.Equal(["1", "10"], Pop3Command.Parse("TOP 1  10").Arguments);
}
