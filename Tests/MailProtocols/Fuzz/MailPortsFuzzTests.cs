using System.Globalization;
using Maildriver.Tests.MailProtocols.RealClients;
using Maildriver.Tests.MailProtocols.Support;
using Maildriver.Tests.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Maildriver.Tests.MailProtocols.Fuzz;

/// <summary>
/// Thousands of random and malformed lines at both machines' POP3 and SMTP ports, with clients vanishing mid-DATA
/// and mid-AUTH; then the silos must still run, <c>admin verify</c> must find the replicas consistent, no session
/// may have failed with an error, and ordinary mail must still go through. <c>MAILDRIVER_FUZZ_SEED</c> repeats a run.
/// </summary>
[Collection(MailClientsCollection.Name)]
public sealed class MailPortsFuzzTests(MailPortsProcessCluster fixture, ITestOutputHelper output)
{
    private const int LinesPerPort = 1200;

    [Fact]
    public Task RandomAndMalformedLinesLeaveTheClusterRunningAndConsistent()
        => FuzzRun.WithSeedAsync(output, FuzzAsync, fixture.Logs);

    private async Task FuzzAsync(int seed)
    {
        var (user, recipient) = (await fixture.NewUserAsync("fuzz"), await fixture.NewUserAsync("fuzzed"));
        var random = new Random(seed);
        var ports = new List<(string Name, int Port, IFuzzScript Script, int Seed)>();
        foreach (var machine in fixture.Cluster.Machines)
        {
            ports.Add(($"{machine} POP3", fixture.Pop3Port(machine), new Pop3FuzzScript(user), random.Next()));
            ports.Add(($"{machine} SMTP", fixture.SmtpPort(machine), new SmtpFuzzScript(user, recipient), random.Next()));
        }

        // Every port at once, one connection after another on each.
        var sent = await Task.WhenAll(ports.Select(p => FuzzRun.PortAsync(p.Port, p.Script, new Random(p.Seed), LinesPerPort)));
        output.WriteLine(string.Join(", ", ports.Select((p, i) => $"{p.Name}: {sent[i]} lines")));
        Assert.All(sent, lines => Assert.True(lines >= LinesPerPort));

        foreach (var machine in fixture.Cluster.Machines)
        {
            Assert.True(fixture.Cluster.IsRunning(machine), $"{machine} is no longer running");
            var log = await File.ReadAllTextAsync(fixture.Cluster.LogPath(machine));
            Assert.DoesNotContain("failed; the connection is closed", log, StringComparison.Ordinal);
        }

        // A session the client reset may still be finishing a submission; verify waits for the cluster to be
        // quiet, and is asked again if a late letter arrived in the middle of the comparison.
        var admin = fixture.Cli.AsAdmin();
        System.Text.Json.Nodes.JsonNode report = null!;
        try
        {
            await WaitFor.ConditionAsync(async () => (bool)(report = await admin.JsonAsync("admin", "verify"))["consistent"]!, TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            throw new XunitException($"admin verify keeps finding the replicas inconsistent: {report.ToJsonString()}");
        }

        // And mail still flows, both ways round.
        var subject = "after the storm " + seed.ToString(CultureInfo.InvariantCulture);
        await PythonClient.SendAsync(fixture.SmtpPort("MD1"), user, $"{user}@maildriver.local", [recipient], subject, "still here\n");
        var fetched = await PythonClient.FetchAsync(fixture.Pop3Port("MD2"), recipient);
        Assert.Contains(fetched["messages"]!.AsArray(), m => (string)m!["subject"]! == subject);
        output.WriteLine($"{recipient} has {fetched["messages"]!.AsArray().Count} letters, most of them sent by the fuzzing");
    }
}
