using System.CommandLine;
using Maildriver.Benchmarks.CrashScenario;
using Maildriver.Benchmarks.ProtocolScenario;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Benchmarks.RuntimeScenario;

namespace Maildriver.Benchmarks;

/// <summary>The command line: <c>runtime</c>, <c>protocol</c>, <c>failover</c>, <c>catchup</c> or <c>all</c>, with sizes and <c>--json FILE</c>.</summary>
internal static class BenchmarkCommand
{
    public static RootCommand Create()
    {
        // One source for the defaults: the options classes.
        var r = new RuntimeBenchmarkOptions();
        var d = new ProtocolBenchmarkOptions();
        var f = new FailoverBenchmarkOptions();
        var c = new CatchupBenchmarkOptions();
        var json = new Option<FileInfo?>("--json") { Description = "Also write the figures to this file as JSON", Recursive = true };

        var calls = new Option<int>("--in-silo-calls") { Description = "Timed sequential in-silo calls", DefaultValueFactory = _ => r.InSiloCalls };
        var callers = new Option<int>("--callers") { Description = "Concurrent cross-silo callers on MD1", DefaultValueFactory = _ => r.Callers };
        var crossSeconds = new Option<double>("--cross-seconds") { Description = "Measured cross-silo window, seconds (after 1 s warm-up)", DefaultValueFactory = _ => r.Duration.TotalSeconds };

        var senders = new Option<int>("--senders") { Description = "Concurrent senders for the throughput test", DefaultValueFactory = _ => d.Senders };
        var sendWarmup = new Option<double>("--send-warmup-seconds") { Description = "Untimed sending before the throughput window, seconds", DefaultValueFactory = _ => d.SendWarmup.TotalSeconds };
        var sendSeconds = new Option<double>("--send-seconds") { Description = "Measured throughput window, seconds", DefaultValueFactory = _ => d.SendDuration.TotalSeconds };
        var rate = new Option<double>("--rate") { Description = "Offered sends per second for the ack-latency test", DefaultValueFactory = _ => d.OfferedRate };
        var rateSeconds = new Option<double>("--rate-seconds") { Description = "Length of the ack-latency test, seconds", DefaultValueFactory = _ => d.RateDuration.TotalSeconds };
        var bulk = new Option<int>("--bulk-recipients") { Description = "Recipients of the bulk letter", DefaultValueFactory = _ => d.BulkRecipients };
        var bulkExplicit = new Option<bool>("--bulk-explicit") { Description = "Name every bulk recipient in the letter instead of using a mailing list" };
        var polls = new Option<int>("--poll-calls") { Description = "Sequential poll calls", DefaultValueFactory = _ => d.PollCalls };
        var silo = new Option<FileInfo?>("--silo") { Description = "Maildriver.Silo.dll to run (default: the one built with this benchmark)" };
        var logLevel = new Option<string?>("--silo-log-level") { Description = "MAILDRIVER_LOG_LEVEL for the silos (default: theirs, Information)" };
        var keep = new Option<bool>("--keep") { Description = "Keep the clusters' temporary folders (config, data, logs)" };

        var rounds = new Option<int>("--failover-rounds") { Description = "Times the Master is killed (restarted between rounds)", DefaultValueFactory = _ => f.Rounds };
        var failoverWarmup = new Option<double>("--failover-warmup-seconds") { Description = "Sending before each kill, seconds", DefaultValueFactory = _ => f.Warmup.TotalSeconds };
        var failoverInterval = new Option<double>("--failover-send-interval-ms") { Description = "A new send every this many milliseconds during failover", DefaultValueFactory = _ => f.SendInterval.TotalMilliseconds };
        var letters = new Option<int>("--catchup-letters") { Description = "Letters sent while a machine is down", DefaultValueFactory = _ => c.Letters };
        var catchupSenders = new Option<int>("--catchup-senders") { Description = "Concurrent sends while the machine is down", DefaultValueFactory = _ => c.Senders };

        MustBePositive(calls, callers, senders, bulk, polls, rounds, letters, catchupSenders);
        MustBePositive(crossSeconds, sendWarmup, sendSeconds, rate, rateSeconds, failoverWarmup, failoverInterval);

        RuntimeBenchmarkOptions RuntimeOptions(ParseResult p) => new()
        {
            InSiloCalls = p.GetValue(calls),
            Callers = p.GetValue(callers),
            Duration = TimeSpan.FromSeconds(p.GetValue(crossSeconds)),
        };

        ProtocolBenchmarkOptions ProtocolOptions(ParseResult p) => new()
        {
            Senders = p.GetValue(senders),
            SendWarmup = TimeSpan.FromSeconds(p.GetValue(sendWarmup)),
            SendDuration = TimeSpan.FromSeconds(p.GetValue(sendSeconds)),
            OfferedRate = p.GetValue(rate),
            RateDuration = TimeSpan.FromSeconds(p.GetValue(rateSeconds)),
            BulkRecipients = p.GetValue(bulk),
            BulkExplicit = p.GetValue(bulkExplicit),
            PollCalls = p.GetValue(polls),
            SiloPath = p.GetValue(silo)?.FullName,
            SiloLogLevel = p.GetValue(logLevel),
            KeepData = p.GetValue(keep),
        };

        FailoverBenchmarkOptions FailoverOptions(ParseResult p) => new()
        {
            Rounds = p.GetValue(rounds),
            Warmup = TimeSpan.FromSeconds(p.GetValue(failoverWarmup)),
            SendInterval = TimeSpan.FromMilliseconds(p.GetValue(failoverInterval)),
            SiloPath = p.GetValue(silo)?.FullName,
            SiloLogLevel = p.GetValue(logLevel),
            KeepData = p.GetValue(keep),
        };

        CatchupBenchmarkOptions CatchupOptions(ParseResult p) => new()
        {
            Letters = p.GetValue(letters),
            Senders = p.GetValue(catchupSenders),
            SiloPath = p.GetValue(silo)?.FullName,
            SiloLogLevel = p.GetValue(logLevel),
            KeepData = p.GetValue(keep),
        };

        var runtime = new Command("runtime", "The runtime alone: in-silo call latency and cross-silo calls per second over HTTP/2");
        Add(runtime, calls, callers, crossSeconds);
        runtime.SetAction((p, ct) => RunAsync(p, json, new Selection(Runtime: RuntimeOptions(p)), ct));

        var protocol = new Command("protocol", "Three Maildriver.Silo processes on loopback: sends/s, ack latency, bulk delivery, poll latency");
        Add(protocol, senders, sendWarmup, sendSeconds, rate, rateSeconds, bulk, bulkExplicit, polls, silo, logLevel, keep);
        protocol.SetAction((p, ct) => RunAsync(p, json, new Selection(Protocol: ProtocolOptions(p)), ct));

        var failover = new Command("failover", "kill -9 of the Master under steady sends: time to the first acknowledged send through the new Master, each round and the worst");
        Add(failover, rounds, failoverWarmup, failoverInterval, silo, logLevel, keep);
        failover.SetAction((p, ct) => RunAsync(p, json, new Selection(Failover: FailoverOptions(p)), ct));

        var catchup = new Command("catchup", "A machine that missed many letters restarts: time until it is caught up");
        Add(catchup, letters, catchupSenders, silo, logLevel, keep);
        catchup.SetAction((p, ct) => RunAsync(p, json, new Selection(Catchup: CatchupOptions(p)), ct));

        var all = new Command("all", "runtime, protocol, failover, then catchup (each on fresh data)");
        Add(all, calls, callers, crossSeconds, senders, sendWarmup, sendSeconds, rate, rateSeconds, bulk, bulkExplicit, polls, rounds, failoverWarmup, failoverInterval, letters, catchupSenders, silo, logLevel, keep);
        all.SetAction((p, ct) => RunAsync(p, json, new Selection(RuntimeOptions(p), ProtocolOptions(p), FailoverOptions(p), CatchupOptions(p)), ct));

        var root = new RootCommand("Maildriver benchmarks: figures for the README, each next to the issue's target.");
        root.Options.Add(json);
        root.Subcommands.Add(runtime);
        root.Subcommands.Add(protocol);
        root.Subcommands.Add(failover);
        root.Subcommands.Add(catchup);
        root.Subcommands.Add(all);
        return root;
    }

    private static async Task<int> RunAsync(ParseResult parse, Option<FileInfo?> json, Selection selection, CancellationToken cancellationToken)
    {
        var report = new BenchmarkReport();
        var failed = false;
        try
        {
            if (selection.Runtime is { } runtime)
            {
                await RuntimeBenchmark.RunAsync(runtime, report, cancellationToken).ConfigureAwait(false);
            }

            if (selection.Protocol is { } protocol)
            {
                await ProtocolBenchmark.RunAsync(protocol, report, cancellationToken).ConfigureAwait(false);
            }

            if (selection.Failover is { } failover)
            {
                await FailoverBenchmark.RunAsync(failover, report, cancellationToken).ConfigureAwait(false);
            }

            if (selection.Catchup is { } catchup)
            {
                await CatchupBenchmark.RunAsync(catchup, report, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM: the silos are already stopped (the scenarios clean up on the way out).
            await Console.Error.WriteLineAsync("benchmark cancelled").ConfigureAwait(false);
            failed = true;
        }
        catch (Exception ex)
        {
            // Print what was measured before the failure: a half run still says something.
            await Console.Error.WriteLineAsync($"benchmark failed: {ex}").ConfigureAwait(false);
            failed = true;
        }

        report.Print(Console.Out);
        if (parse.GetValue(json) is { } file)
        {
            await report.WriteJsonAsync(file.FullName, selection, CancellationToken.None).ConfigureAwait(false);
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

    // Sizes are checked at parse time, so a bad one is reported like any other command-line error.
    private static void MustBePositive<T>(params Option<T>[] options) where T : System.Numerics.INumber<T>
    {
        foreach (var option in options)
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<T>() <= T.Zero)
                {
                    result.AddError($"{option.Name} must be positive");
                }
            });
        }
    }
}
