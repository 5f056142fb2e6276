using Maildriver.Benchmarks.Processes;
using Maildriver.Benchmarks.ProtocolScenario;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Grains.Server;

namespace Maildriver.Benchmarks.ReaderScenario;

/// <summary>
/// The terminal reader: a key press redrawn with ten thousand letters (headless), and the command to the first
/// screen of letters on three Maildriver.Silo processes of its own.
/// </summary>
internal static class ReaderBenchmark
{
    private const string User = "reader";
    private const string Password = "reader-pw";

    public static async Task RunAsync(ReaderBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        report.Progress.Step("reader: a key press with 10,000 letters (headless), then the command to the first screen");
        ReaderRedraw.Run(options, report);

        var silo = BuiltExecutable.Silo(options.SiloPath);
        await using var cluster = await LocalMailCluster.StartAsync(silo, ProtocolBenchmark.Machines, null, options.KeepData, cancellationToken).ConfigureAwait(false);
        await cluster.Server(0).AddUser(cluster.AdminToken, User, Password, isAdmin: false).ConfigureAwait(false);
        var sender = cluster.Server(0);
        for (var i = 0; i < options.FirstScreenLetters; i++)
        {
            await sender.Send(cluster.AdminToken, new SendRequest([User], $"Letter {i}", "A short letter.", $"reader-bench.{i}")).ConfigureAwait(false);
        }

        // Every machine has them before the clock runs: the reader's receive gathers all machines' letters.
        await cluster.QuietAsync().ConfigureAwait(false);
        var gateways = cluster.Gateways.Select(g => $"{g.Host}:{g.Port}").ToList();

        // The command a user of the local cluster runs starts the published CLI (deploy/maildriver.sh runs
        // deploy/local/cli): that is the figure with the target; the build output's is timed beside it.
        report.Progress.WriteLine("reader/first-screen: publishing the CLI as deploy/local-cluster.sh does (self-contained, one composite ReadyToRun image)");
        var published = await PublishedCli.PublishAsync(Path.Combine(cluster.Folder, "cli"), cancellationToken).ConfigureAwait(false);
        await ReaderFirstScreen.RunAsync(published, "published", target: true, gateways, User, Password, options.FirstScreenLetters, options.FirstScreenRuns, cluster.Folder, report, cancellationToken).ConfigureAwait(false);
        await ReaderFirstScreen.RunAsync(BuiltExecutable.Cli(), "build output", target: false, gateways, User, Password, options.FirstScreenLetters, options.FirstScreenRuns, cluster.Folder, report, cancellationToken).ConfigureAwait(false);
    }
}
