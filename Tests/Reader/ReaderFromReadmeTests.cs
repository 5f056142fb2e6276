using System.Diagnostics;
using System.Text.RegularExpressions;
using Maildriver.Tests.Processes;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Reader;

/// <summary>
/// The README's first command, typed into a real terminal (tmux, 80×24): it starts three real silo processes through
/// deploy/local-cluster.sh and opens the reader logged in as admin, with no form. Mail sent from outside reaches the
/// open reader; admin reads it, writes and sends a letter, kill -9s the machine he is connected to and carries on
/// through another, and quits with the terminal given back as it was.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed partial class ReaderFromReadmeTests
{
    [Fact]
    public async Task TheReadmesFirstCommandOpensTheReaderLoggedInAndItSurvivesTheDeathOfItsMachine()
    {
        TmuxSession.RequireTmux();
        var command = ReadmeFirstCommand();
        Assert.StartsWith("deploy/local-cluster.sh up && deploy/maildriver.sh --user admin --password admin", command);
        await using var cluster = LocalClusterFolder.Create();
        var environment = new Dictionary<string, string?>(cluster.Environment) { ["MAILDRIVER_POLL_SECONDS"] = "30" };

        await using var tmux = await TmuxSession.StartAsync(["bash", "-c", $"cd '{RepositoryRoot.Path}' && {command}"], 80, 24, environment);

        // No login form: the launcher passed the local cluster's gateways, and admin's name and password were given.
        var list = await tmux.WaitForAsync(
            s => StatusLine().IsMatch(s) && s.Contains("No letters.", StringComparison.Ordinal),
            "the reader logged in as admin, the (empty) list received",
            TimeSpan.FromSeconds(120));
        Assert.DoesNotContain("> Password", list);

        // A letter from outside reaches the open reader (the poll is every 30 s here, so it is the push that brings it).
        var sent = await cluster.ScriptAsync("maildriver.sh", "--user", "admin", "--password", "admin", "send", "--to", "admin", "--subject", "Welcome aboard");
        Assert.True(sent.ExitCode == 0, sent.ToString());
        // (A capture may land mid-frame: wait for the row and the lit status line together.)
        await tmux.WaitForAsync(
            s => s.Contains("Welcome aboard", StringComparison.Ordinal) && s.Contains(" MAIL | admin@", StringComparison.Ordinal),
            "the letter in the list and MAIL lit",
            TimeSpan.FromSeconds(10));

        // Read it.
        await tmux.SendKeysAsync("Enter");
        await tmux.WaitForTextAsync("── admin: Welcome aboard");
        await tmux.WaitForTextAsync("1 letter, 0 unread");

        // Write one and send it.
        await tmux.SendKeysAsync("q");
        await tmux.SendLetterAsync("admin", "Lunch?", "Noon at the Ratty.");
        // Sent to himself: the push of its arrival may overwrite "Sent …" on the bottom line before a capture sees it.
        await tmux.WaitForAsync(
            s => s.Contains("2 letters, 1 unread", StringComparison.Ordinal) && s.Contains("admin             Lunch?", StringComparison.Ordinal),
            "the letter sent and in the list",
            TimeSpan.FromSeconds(10));

        // kill -9 the machine the reader is connected to: within 2 s the status line names the one it moved to.
        var connected = StatusLine().Match(await tmux.CaptureAsync()).Groups[1].Value;
        var killed = Stopwatch.StartNew();
        var kill = await cluster.ScriptAsync("local-cluster.sh", "kill", connected);
        Assert.True(kill.ExitCode == 0, kill.ToString());
        var moved = await tmux.WaitForAsync(
            s => StatusLine().Match(s) is { Success: true } m && m.Groups[1].Value != connected,
            $"the status line on another machine than {connected}",
            TimeSpan.FromSeconds(10));
        var seconds = killed.Elapsed.TotalSeconds;
        Assert.True(seconds <= 2.5, $"the status line took {seconds:0.0} s to show the move (the kill script's own time included)");

        // And carries on: receive everything through the new machine, read the new letter.
        await tmux.SendKeysAsync("$");
        await tmux.WaitForAsync(s => s.Contains("Lunch?", StringComparison.Ordinal) && !s.Contains("receiving", StringComparison.Ordinal), "the list received through the new machine", TimeSpan.FromSeconds(30));
        await tmux.SendKeysAsync("g", "Enter");
        await tmux.WaitForTextAsync("Noon at the Ratty.", TimeSpan.FromSeconds(30));

        // q leaves; the terminal is as it was: the main screen with the script's own lines, no trace of the reader.
        await tmux.SendKeysAsync("q", "q");
        var status = await tmux.ExitAsync();
        var after = await tmux.CaptureAsync();
        Assert.True(status == 0, $"the reader ended with status {status}; the screen:\n{TmuxSession.Framed(after)}");
        Assert.Contains("The cluster is up:", after);
        Assert.DoesNotContain("admin@", after);
    }

    /// <summary>The README's first command, as a new user would copy it (the comment after it left off).</summary>
    private static string ReadmeFirstCommand()
    {
        var line = File.ReadLines(Path.Combine(RepositoryRoot.Path, "README.md")).First(l => l.StartsWith("deploy/local-cluster.sh up", StringComparison.Ordinal));
        var comment = line.IndexOf('#', StringComparison.Ordinal);
        return (comment < 0 ? line : line[..comment]).Trim();
    }

    // "admin@MD2 | connected": the machine the reader says it is connected to.
    [GeneratedRegex(@"admin@(MD\d) \| connected")]
    private static partial Regex StatusLine();
}
