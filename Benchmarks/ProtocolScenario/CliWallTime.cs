using System.Diagnostics;
using System.Security.Cryptography;
using Maildriver.Benchmarks.Processes;
using Maildriver.Benchmarks.Reporting;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>
/// <c>maildriver send</c> as a user types it, on the running cluster: the whole process, from its start to its exit,
/// run again and again (after one untimed run that warms the disk cache). <c>maildriver --version</c> (the .NET start
/// and the command line alone) and <c>maildriver poll</c> (start, connect and log in, one local read) are timed the same
/// way, so the difference says where the time goes. The CLI timed is the one a user of the local cluster runs: published
/// self-contained as one composite ReadyToRun image (<see cref="PublishedCli"/>); the build output's send is timed beside it.
/// </summary>
public static class CliWallTime
{
    private const string Scenario = "protocol/cli";
    private const double TargetSeconds = 0.5;
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);

    // Variables the CLI falls back on: a developer's exported ones must not steer the runs.
    private static readonly string[] ClientVariables = ["MAILDRIVER_GATEWAYS", "MAILDRIVER_USER", "MAILDRIVER_PASSWORD", "MAILDRIVER_CA_FILE", "MAILDRIVER_CLUSTER_ID"];

    /// <summary>Times <c>--version</c>, <c>poll</c> and <c>send</c>, <see cref="ProtocolBenchmarkOptions.CliRuns"/> runs each.</summary>
    public static async Task RunAsync(LocalMailCluster cluster, MailAccounts accounts, ProtocolBenchmarkOptions options, BenchmarkReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var built = BuiltExecutable.Cli();
        var sender = accounts.Senders[0];
        var gateways = string.Join(',', cluster.Gateways.Select(g => $"{g.Host}:{g.Port}"));
        var body = Path.Combine(cluster.Folder, "cli-letter.txt");
        await File.WriteAllTextAsync(body, LetterBody.Small, cancellationToken).ConfigureAwait(false);
        string[] login = ["--gateway", gateways, "--user", sender.Name, "--password", MailAccounts.Password(sender.Name)];
        string[] send = [.. login, "send", "--to", sender.Recipient, "--subject", "cli", "--body-file", body];
        report.Progress.WriteLine($"{Scenario}: publishing the CLI as deploy/local-cluster.sh does (self-contained, one composite ReadyToRun image)");
        var cli = await PublishedCli.PublishAsync(Path.Combine(cluster.Folder, "cli"), cancellationToken).ConfigureAwait(false);
        report.Progress.WriteLine($"{Scenario}: maildriver --version, poll and send, {options.CliRuns} runs each after 1 untimed ({cli.Launcher}), gateways MD1 first; then send from the build output");

        var version = await TimeAsync(cli, cluster.Folder, ["--version"], options.CliRuns, cancellationToken).ConfigureAwait(false);
        var poll = await TimeAsync(cli, cluster.Folder, [.. login, "poll"], options.CliRuns, cancellationToken).ConfigureAwait(false);
        var sent = await TimeAsync(cli, cluster.Folder, send, options.CliRuns, cancellationToken).ConfigureAwait(false);
        var sentByBuild = await TimeAsync(built, cluster.Folder, send, options.CliRuns, cancellationToken).ConfigureAwait(false);

        var note = $"wall time of the whole process, start to exit, {options.CliRuns} runs one after another after 1 untimed; the CLI published self-contained as one composite ReadyToRun image "
                   + "(deploy/local-cluster.sh's build, which deploy/maildriver.sh runs); the letter is 512 bytes to one user; the cluster's users are hashed at 1,000 PBKDF2 iterations (see the login line)";
        report.Add(new Measurement(Scenario, "maildriver send, median", sent.Median, "s", Target.AtMost(TargetSeconds), note));
        report.Add(new Measurement(Scenario, "maildriver send, slowest", sent.Max, "s", Note: note));
        report.Add(new Measurement(Scenario, "maildriver poll, median", poll.Median, "s", Note: note + "; poll: connect, log in, one local read"));
        report.Add(new Measurement(Scenario, "maildriver --version, median", version.Median, "s", Note: note + "; --version: the .NET start and the command line, no connection"));
        report.Add(new Measurement(Scenario, "maildriver send from the build output (JIT), median", sentByBuild.Median, "s",
            Note: $"the same send run from {built.Launcher ?? "dotnet " + Path.GetFileName(built.AssemblyPath)} of dotnet build, whose code is compiled at every start"));

        // A deployment hashes at 100,000 iterations (PasswordHasher.DefaultIterations): each CLI command logs in, so its
        // login costs the silo this much more than the benchmark's users do.
        report.Add(new Measurement(Scenario, "login at 100,000 PBKDF2 iterations: hash time on this box", Pbkdf2Seconds(100_000) * 1000, "ms",
            Note: "PBKDF2-HMAC-SHA256, 100,000 iterations (the default), timed in this process, median of 5: what a real user's login adds to every CLI command"));
    }

    private static async Task<(double Median, double Max)> TimeAsync(BuiltExecutable cli, string folder, string[] arguments, int runs, CancellationToken cancellationToken)
    {
        var seconds = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var info = cli.StartInfo(folder, arguments);
            foreach (var variable in ClientVariables)
            {
                info.Environment.Remove(variable);
            }

            var result = await ChildRun.RunAsync(info, RunLimit, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"maildriver {arguments[^1]} exited {result.ExitCode}: {result.Stderr.Trim()}");
            }

            if (run > 0)
            {
                seconds.Add(result.Wall.TotalSeconds);
            }
        }

        seconds.Sort();
        return (seconds[seconds.Count / 2], seconds[^1]);
    }

    private static double Pbkdf2Seconds(int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _ = Rfc2898DeriveBytes.Pbkdf2("benchmark-password", salt, iterations, HashAlgorithmName.SHA256, 32);
            times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        times.Sort();
        return times[2];
    }
}
