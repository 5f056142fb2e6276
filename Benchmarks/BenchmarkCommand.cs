using System.CommandLine;
using Maildriver.Benchmarks.ProtocolScenario;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Benchmarks.RuntimeScenario;

namespace Maildriver.Benchmarks;

/// <summary>The command line: <c>runtime</c>, <c>protocol</c> or <c>all</c>, with sizes and <c>--json FILE</c>.</summary>
internal static class BenchmarkCommand
{
    public static RootCommand Create()
    {
        var json = new Option<FileInfo?>("--json") { Description = "Also write the figures to this file as JSON", Recursive = true };

        var calls = new Option<int>("--in-silo-calls") { Description = "Timed sequential in-silo calls", DefaultValueFactory = _ => 200_000 };
        var callers = new Option<int>("--callers") { Description = "Concurrent cross-silo callers on MD1", DefaultValueFactory = _ => 64 };
        var crossSeconds = new Option<double>("--cross-seconds") { Description = "Measured cross-silo window, seconds (after 1 s warm-up)", DefaultValueFactory = _ => 5 };

        var senders = new Option<int>("--senders") { Description = "Concurrent senders for the throughput test", DefaultValueFactory = _ => 32 };
        var sendSeconds = new Option<double>("--send-seconds") { Description = "Measured throughput window, seconds (after 2 s warm-up)", DefaultValueFactory = _ => 10 };
        var rate = new Option<double>("--rate") { Description = "Offered sends per second for the ack-latency test", DefaultValueFactory = _ => 100 };
        var rateSeconds = new Option<double>("--rate-seconds") { Description = "Length of the ack-latency test, seconds", DefaultValueFactory = _ => 10 };
        var bulk = new Option<int>("--bulk-recipients") { Description = "Recipients of the bulk letter", DefaultValueFactory = _ => 10_000 };
        var bulkExplicit = new Option<bool>("--bulk-explicit") { Description = "Name every bulk recipient in the letter instead of using a mailing list" };
        var polls = new Option<int>("--poll-calls") { Description = "Sequential poll calls", DefaultValueFactory = _ => 2_000 };
        var silo = new Option<FileInfo?>("--silo") { Description = "Maildriver.Silo.dll to run (default: the one built with this benchmark)" };
        var logLevel = new Option<string?>("--silo-log-level") { Description = "MAILDRIVER_LOG_LEVEL for the silos (default: theirs, Information)" };
        var keep = new Option<bool>("--keep") { Description = "Keep the protocol cluster's temporary folder (config, data, logs)" };

        RuntimeBenchmarkOptions RuntimeOptions(ParseResult p) => new()
        {
            InSiloCalls = Positive(p.GetValue(calls), "--in-silo-calls"),
            Callers = Positive(p.GetValue(callers), "--callers"),
            Duration = Seconds(p.GetValue(crossSeconds), "--cross-seconds"),
        };

        ProtocolBenchmarkOptions ProtocolOptions(ParseResult p) => new()
        {
            Senders = Positive(p.GetValue(senders), "--senders"),
            SendDuration = Seconds(p.GetValue(sendSeconds), "--send-seconds"),
            OfferedRate = p.GetValue(rate) > 0 ? p.GetValue(rate) : throw new ArgumentException("--rate must be positive"),
            RateDuration = Seconds(p.GetValue(rateSeconds), "--rate-seconds"),
            BulkRecipients = Positive(p.GetValue(bulk), "--bulk-recipients"),
            BulkExplicit = p.GetValue(bulkExplicit),
            PollCalls = Positive(p.GetValue(polls), "--poll-calls"),
            SiloPath = p.GetValue(silo)?.FullName,
            SiloLogLevel = p.GetValue(logLevel),
            KeepData = p.GetValue(keep),
        };

        var runtime = new Command("runtime", "The runtime alone: in-silo call latency and cross-silo calls per second over HTTP/2");
        Add(runtime, calls, callers, crossSeconds);
        runtime.SetAction((p, ct) => RunAsync(p, json, RuntimeOptions(p), null, ct));

        var protocol = new Command("protocol", "Three Maildriver.Silo processes on loopback: sends/s, ack latency, bulk delivery, poll latency");
        Add(protocol, senders, sendSeconds, rate, rateSeconds, bulk, bulkExplicit, polls, silo, logLevel, keep);
        protocol.SetAction((p, ct) => RunAsync(p, json, null, ProtocolOptions(p), ct));

        var all = new Command("all", "runtime, then protocol");
        Add(all, calls, callers, crossSeconds, senders, sendSeconds, rate, rateSeconds, bulk, bulkExplicit, polls, silo, logLevel, keep);
        all.SetAction((p, ct) => RunAsync(p, json, RuntimeOptions(p), ProtocolOptions(p), ct));

        var root = new RootCommand("Maildriver benchmarks: figures for the README, each next to the issue's target.");
        root.Options.Add(json);
        root.Subcommands.Add(runtime);
        root.Subcommands.Add(protocol);
        root.Subcommands.Add(all);
        return root;
    }

    private static async Task<int> RunAsync(
        ParseResult parse,
        Option<FileInfo?> json,
        RuntimeBenchmarkOptions? runtime,
        ProtocolBenchmarkOptions? protocol,
        CancellationToken cancellationToken)
    {
        var report = new BenchmarkReport();
        var failed = false;
        try
        {
            if (runtime is not null)
            {
                await RuntimeBenchmark.RunAsync(runtime, report, cancellationToken).ConfigureAwait(false);
            }

            if (protocol is not null)
            {
                await ProtocolBenchmark.RunAsync(protocol, report, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Print what was measured before the failure: a half run still says something.
            await Console.Error.WriteLineAsync($"benchmark failed: {ex}").ConfigureAwait(false);
            failed = true;
        }

        report.Print(Console.Out);
        if (parse.GetValue(json) is { } file)
        {
            await report.WriteJsonAsync(file.FullName, new { runtime, protocol }, CancellationToken.None).ConfigureAwait(false);
            Console.WriteLine($"JSON written to {file.FullName}");
        }

        return failed ? 1 : 0;
    }

    private static void Add(Command command, params Option[] options)
    {
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }

    private static int Positive(int value, string name)
        => value > 0 ? value : throw new ArgumentException($"{name} must be positive");

    private static TimeSpan Seconds(double value, string name)
        => value > 0 ? TimeSpan.FromSeconds(value) : throw new ArgumentException($"{name} must be positive");
}
