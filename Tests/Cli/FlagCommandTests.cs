using System.CommandLine;
using Maildriver.Client.Cli;

namespace Maildriver.Tests.Cli;

/// <summary><c>maildriver flag</c>'s options: one flag at a time, <c>--seen --clear</c> marking a letter unread.</summary>
public sealed class FlagCommandTests
{
    [Theory]
    [InlineData("flag MD1.1")]
    [InlineData("flag MD1.1 --answered --clear")]
    [InlineData("flag MD1.1 --seen --clear")]
    public void One_flag_with_or_without_clear_parses(string line)
    {
        Assert.Empty(Parse(line).Errors);
    }

    [Fact]
    public void Answered_and_seen_together_are_refused()
    {
        var error = Assert.Single(Parse("flag MD1.1 --answered --seen").Errors);
        Assert.Contains("--answered and --seen", error.Message, StringComparison.Ordinal);
    }

    private static ParseResult Parse(string line)
    {
        var root = new RootCommand { FlagCommand.Create(new GlobalOptions()) };
        return root.Parse(line);
    }
}
