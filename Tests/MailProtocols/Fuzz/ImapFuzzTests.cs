using Maildriver.Tests.MailProtocols.RealClients;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Xunit.Abstractions;

namespace Maildriver.Tests.MailProtocols.Fuzz;

/// <summary>
/// Thousands of random and malformed IMAP lines and literals at both machines' IMAP ports, with clients vanishing
/// mid-literal and mid-IDLE; then the silos must still run, no session may have failed with an error, the replicas
/// must agree, and a real client must still read its mail. <c>MAILDRIVER_FUZZ_SEED</c> repeats a run.
/// </summary>
[Collection(MailClientsCollection.Name)]
public sealed class ImapFuzzTests(MailPortsProcessCluster fixture, ITestOutputHelper output)
{
    private const int LinesPerPort = 1200;

    [Fact]
    public Task Random_and_malformed_imap_input_leaves_the_cluster_running_and_consistent()
        => FuzzRun.WithSeedAsync(output, FuzzAsync, fixture.Logs);

    private async Task FuzzAsync(int seed)
    {
        var (user, other) = (await fixture.NewUserAsync("imapfuzz"), await fixture.NewUserAsync("imapfuzzkeep"));
        for (var i = 0; i < 4; i++)
        {
            fixture.Cli.Expect(await fixture.Cli.As(other).RunWithInputAsync($"letter {i}\n", "send", "--to", $"{user},{other}", "--subject", $"fuzz {i}"), 0);
        }

        var random = new Random(seed);
        var ports = fixture.Cluster.Machines.Select(m => (Name: $"{m} IMAP", Port: fixture.ImapPort(m), Seed: random.Next())).ToList();
        var sent = await Task.WhenAll(ports.Select(p => FuzzRun.PortAsync(p.Port, new ImapFuzzScript(user), new Random(p.Seed), LinesPerPort)));
        output.WriteLine(string.Join(", ", ports.Select((p, i) => $"{p.Name}: {sent[i]} lines")));

        foreach (var machine in fixture.Cluster.Machines)
        {
            Assert.True(fixture.Cluster.IsRunning(machine), $"{machine} is no longer running");
            var log = await File.ReadAllTextAsync(fixture.Cluster.LogPath(machine));
            Assert.DoesNotContain("failed; the connection is closed", log, StringComparison.Ordinal);
        }

        Assert.True((bool)(await fixture.Cli.AsAdmin().JsonAsync("admin", "verify"))["consistent"]!);

        // The other user's letters were out of the fuzzing's reach, and a real client still reads them.
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", fixture.ImapPort("MD2"), SecureSocketOptions.None);
        await client.AuthenticateAsync(other, Processes.CliSessionFactory.PasswordOf(other));
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var subjects = (await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.Envelope)).Select(s => s.Envelope!.Subject);
        Assert.Equal(["fuzz 0", "fuzz 1", "fuzz 2", "fuzz 3"], subjects);
        await client.DisconnectAsync(quit: true);
    }
}
