using Maildriver.Benchmarks;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Benchmarks;

/// <summary>Bad input to the benchmark and to its Dovecot script is refused at once, with a message naming it.</summary>
public sealed class BenchmarkCommandLineTests
{
    [Theory]
    [InlineData("all --senders 0", "--senders")]
    [InlineData("all --bulk-recipients 1000 -5", "--bulk-recipients")]
    [InlineData("protocol --small-letters 0", "--small-letters")]
    [InlineData("all --no-such-option", "--no-such-option")]
    [InlineData("dovecot --senders 4", "--senders")]
    [InlineData("protocol --cli-runs 0", "--cli-runs")]
    [InlineData("imap --imap-repeats 0", "--imap-repeats")]
    [InlineData("imap --imap-restarts 0", "--imap-restarts")]
    [InlineData("imap --submission-rounds 0", "--submission-rounds")]
    [InlineData("imap --submission-seconds -1", "--submission-seconds")]
    [InlineData("imap --senders 4", "--senders")]
    [InlineData("toy-silo --role caller --silo-port 1 --gateway-port 2", "--primary-port")]
    [InlineData("protocol --senders 1|4|64", "--senders takes numbers (several are separated by spaces): '1|4|64' is not one")]
    [InlineData("protocol --send-seconds soon", "--send-seconds takes numbers")]
    public void BadOptionsAreParseErrors(string arguments, string named)
    {
        var result = BenchmarkCommand.Create().Parse(arguments);

        Assert.Contains(result.Errors, e => e.Message.Contains(named, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("all --quick --json out.json")]
    [InlineData("all --senders 1 4 16 --bulk-recipients 1000 10000 --no-dovecot")]
    [InlineData("--quick protocol --keep")]
    [InlineData("all --cli-runs 3 --callers 8")]
    [InlineData("imap --no-dovecot --imap-fetch-letters 50 --imap-select-letters 100 --idle-letters 5 --submission-seconds 2 --imap-restarts 2 --submission-rounds 1")]
    [InlineData("--quick imap --keep")]
    [InlineData("toy-silo --role target --silo-port 1 --gateway-port 2 --primary-port 3")]
    public void GoodOptionsParse(string arguments)
    {
        Assert.Empty(BenchmarkCommand.Create().Parse(arguments).Errors);
    }

    [Theory]
    [InlineData("--small-letters", "many")]
    [InlineData("--port", "0")]
    public async Task ThePeerScriptRefusesBadNumbersBeforeDoingAnything(string option, string value)
    {
        var result = await ProcessRunner.RunAsync("bash", [Script, option, value, "--no-install"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{option} must be a positive whole number", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePeerScriptRefusesUnknownArguments()
    {
        var result = await ProcessRunner.RunAsync("bash", [Script, "--bogus"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown argument '--bogus'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.Stderr, StringComparison.Ordinal);
    }

    private static string Script => Path.Combine(RepositoryRoot.Path, "Benchmarks", "peers", "dovecot.sh");
}
