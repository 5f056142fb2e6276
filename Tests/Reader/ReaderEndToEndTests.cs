using Maildriver.Grains.Server;
using Maildriver.Client.Connection;
using Maildriver.Tests.Processes;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Reader;

/// <summary>
/// The real <c>maildriver</c> reader in a real terminal (tmux, 80×24) against three real silo processes: section
/// 4 of the paper, John reads his mail, keeps one letter and deletes two while the background poll lights MAIL;
/// then his machine is killed mid-session and he carries on through another gateway.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed class ReaderEndToEndTests
{
    [Fact]
    public async Task JohnReadsKeepsOneDeletesTwoWritesAndCarriesOnWhenHisMachineDies()
    {
        TmuxSession.RequireTmux();
        await using var cluster = await SiloProcessCluster.StartNewAsync(3);
        var cli = new CliSessionFactory(cluster);
        await cli.AddUsersAsync("john", "mary");

        var mary = cli.As("mary", cluster.Gateway("MD1"));
        foreach (var (subject, body) in new[] { ("Keep me", "A letter worth keeping."), ("Spam [red]one[/]", "Buy now."), ("Spam two", "Buy again.") })
        {
            cli.Json(await mary.RunWithInputAsync(body, "send", "--to", "john", "--subject", subject));
        }

        // John's machine is MD3: the first gateway of his list.
        var gateways = $"{cluster.Gateway("MD3")},{cluster.Gateway("MD1")},{cluster.Gateway("MD2")}";
        var editor = Path.Combine(cluster.Folder, "editor.sh");
        await File.WriteAllTextAsync(editor, "#!/bin/sh\nprintf 'Written in the editor after the crash.\\n' > \"$1\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await using var tmux = await TmuxSession.StartAsync(
            [DotnetHost.Path, DotnetHost.OutputFile("maildriver.dll"), "--gateway", gateways, "--user", "john", "--password", CliSessionFactory.PasswordOf("john")],
            80,
            24,
            new Dictionary<string, string?>
            {
                ["MAILDRIVER_POLL_SECONDS"] = "1",
                ["EDITOR"] = editor,
                ["VISUAL"] = null,
                ["MAILDRIVER_GATEWAYS"] = null,
                ["MAILDRIVER_USER"] = null,
                ["MAILDRIVER_PASSWORD"] = null,
            });

        // With gateways, user and password given, the reader logs in by itself: the prefilled form (the password
        // masked) shows only while the login is on its way, which on a quick machine can be shorter than one look at
        // the pane, so the test looks for the form or the list, and presses nothing (a key pressed once the list is
        // there would open a letter).
        var first = await tmux.WaitForAsync(
            screen => screen.Contains("> Password", StringComparison.Ordinal) || screen.Contains("3 letters, 3 unread", StringComparison.Ordinal),
            "the login form or the list");
        Assert.DoesNotContain(CliSessionFactory.PasswordOf("john"), first);
        if (first.Contains("> Password", StringComparison.Ordinal))
        {
            Assert.Contains("  User      john", first);
        }

        var list = await tmux.WaitForTextAsync("3 letters, 3 unread");
        Assert.Contains("john@MD3", list);
        Assert.Contains("Spam [red]one[/]", list);

        // Newest first: the oldest letter is the last row. Read it: the pane shows it and the server marks it read.
        await tmux.SendKeysAsync("G", "Enter");
        await tmux.WaitForTextAsync("A letter worth keeping.");
        await tmux.WaitForTextAsync("3 letters, 2 unread");
        await WaitFor.ConditionAsync(
            async () => (await ReceiveAsync(cluster, "john", "MD1")).Any(l => l.Subject == "Keep me" && l.Read),
            TimeSpan.FromSeconds(30),
            "the letter John read is marked read in the cluster");

        // Back to the list; delete the two others, each after its question.
        await tmux.SendKeysAsync("q", "k", "d");
        await tmux.WaitForTextAsync("Delete \"Spam [red]one[/]\" from mary? (y/n)");
        await tmux.SendKeysAsync("y");
        await tmux.WaitForTextAsync("2 letters");
        await tmux.SendKeysAsync("g", "d");
        await tmux.WaitForTextAsync("Delete \"Spam two\" from mary? (y/n)");
        await tmux.SendKeysAsync("y");
        await tmux.WaitForTextAsync("1 letter, 0 unread");
        Assert.Equal(["Keep me"], (await ReceiveAsync(cluster, "john", "MD1")).Select(l => l.Subject));

        // Write to Mary in the reader: to, subject, body, review, send.
        await tmux.SendLetterAsync("mary", "Lunch?", "Noon at the Ratty.");
        await tmux.WaitForTextAsync("Sent \"Lunch?\" to mary");
        var lunch = Assert.Single(await ReceiveAsync(cluster, "mary", "MD2"), l => l.Subject == "Lunch?");
        Assert.Equal(("john", "Noon at the Ratty."), (lunch.From, lunch.Body));

        // New mail while John looks at the list: the background poll lights MAIL.
        cli.Json(await mary.RunWithInputAsync("Yes, noon.", "send", "--to", "john", "--subject", "Re: Lunch?"));
        var lit = await tmux.WaitForTextAsync("MAIL |");
        Assert.Contains("Re: Lunch?", lit);

        // The terminal shrinks: everything is redrawn to fit, the status line on its second-to-last row.
        await tmux.ResizeAsync(60, 15);
        var small = await tmux.WaitForAsync(s => s.Split('\n').Length >= 14 && s.Split('\n')[13].Contains("john@MD3", StringComparison.Ordinal), "the status line on row 14 of 15");
        Assert.All(small.Split('\n'), row => Assert.True(row.Length <= 60, $"row wider than 60: '{row}'"));
        await tmux.ResizeAsync(80, 24);
        await tmux.WaitForAsync(s => s.Split('\n').Length >= 23 && s.Split('\n')[22].Contains("john@MD3", StringComparison.Ordinal), "the status line back on row 23 of 24");

        // kill -9 John's machine mid-session: the reader moves to the next gateway and carries on.
        await cluster.KillAsync("MD3");
        await tmux.SendKeysAsync("$");
        await tmux.WaitForAsync(s => s.Contains("john@MD1", StringComparison.Ordinal) && s.Contains("connected", StringComparison.Ordinal), "John connected to MD1", TimeSpan.FromSeconds(60));
        var after = await tmux.WaitForAsync(
            s => s.Contains("Keep me", StringComparison.Ordinal) && s.Contains("Re: Lunch?", StringComparison.Ordinal) && !s.Contains("receiving", StringComparison.Ordinal),
            "the list received through MD1",
            TimeSpan.FromSeconds(60));
        Assert.Contains("2 letters", after);

        // And sends another letter, its body written in $EDITOR, through the new gateway.
        await tmux.StartLetterAsync("mary", "After the crash");
        await tmux.SendKeysAsync("C-e");
        var reviewed = await tmux.WaitForTextAsync("Body edited: y sends the letter");
        Assert.Contains("Written in the editor after the crash.", reviewed);
        await tmux.SendKeysAsync("y");
        await tmux.WaitForTextAsync("Sent \"After the crash\" to mary", TimeSpan.FromSeconds(60));
        var crash = Assert.Single(await ReceiveAsync(cluster, "mary", "MD2", "MD1"), l => l.Subject == "After the crash");
        Assert.Equal(("john", "Written in the editor after the crash.\n"), (crash.From, crash.Body));

        // q leaves, and the terminal is given back: the program exits with 0.
        await tmux.SendKeysAsync("q");
        var status = await tmux.ExitAsync();
        Assert.True(status == 0, $"the reader ended with status {status}; the screen:\n{TmuxSession.Framed(await tmux.CaptureAsync())}");
    }

    /// <summary>A user's letters through the client API, in process, at the given machines' gateways.</summary>
    private static async Task<IReadOnlyList<LetterView>> ReceiveAsync(SiloProcessCluster cluster, string user, params string[] machines)
    {
        var gateways = GatewayList.Parse(string.Join(',', machines.Select(cluster.Gateway)));
        await using var client = new FailoverClient(gateways, new ClientSettings(GatewayTrust.System) { ResponseTimeout = TimeSpan.FromSeconds(60) });
        var server = client.Server;
        var token = (await server.Login(user, CliSessionFactory.PasswordOf(user))).Token;
        return (await server.Receive(token)).Letters;
    }
}
