using Maildriver.Tests.Support;

namespace Maildriver.Tests.Reader;

/// <summary><c>maildriver</c> with no command, where the reader cannot open.</summary>
public sealed class ReaderLauncherTests
{
    [Fact]
    public async Task WithoutATerminalTheReaderSaysSoAndExitsWithTwo()
    {
        // MaildriverCli redirects the standard streams, as a script or a pipe would.
        var result = await MaildriverCli.RunAsync(["--gateway", "127.0.0.1:1", "--user", "john"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the reader needs a terminal", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task ABadPollIntervalIsAUsageError()
    {
        var result = await MaildriverCli.RunAsync([], env: new Dictionary<string, string> { ["MAILDRIVER_POLL_SECONDS"] = "soon" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("MAILDRIVER_POLL_SECONDS: 'soon' is not a number of seconds", result.Stderr);
    }
}
