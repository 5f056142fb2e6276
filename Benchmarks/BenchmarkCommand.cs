using System.CommandLine;
using Maildriver.Benchmarks.CrashScenario;
using Maildriver.Benchmarks.ImapScenario;
using Maildriver.Benchmarks.PeerScenario;
using Maildriver.Benchmarks.ProtocolScenario;
using Maildriver.Benchmarks.ReaderScenario;
using Maildriver.Benchmarks.Reporting;
using Maildriver.Benchmarks.RuntimeScenario;

namespace Maildriver.Benchmarks;

/// <summary>
/// The command line: <c>all</c> (everything, beside Dovecot), or one of <c>runtime</c>, <c>protocol</c>,
/// <c>failover</c>, <c>catchup</c>, <c>dovecot</c>, <c>reader</c>, <c>imap</c>; with sizes, <c>--quick</c>, <c>--json FILE</c> and <c>--details FILE</c>.
/// </summary>
internal static class BenchmarkCommand
{
    public static RootCommand Create()
    {
        // One source for the defaults: the options classes (their Quick presets for --quick).
        var r = new RuntimeBenchmarkOptions();
        var d = new ProtocolBenchmarkOptions();
        var f = new FailoverBenchmarkOptions();
        var c = new CatchupBenchmarkOptions();
        var v = new DovecotBenchmarkOptions();
        var t = new ReaderBenchmarkOptions();
        var json = new Option<FileInfo?>("--json") { Description = "Write the headline figures to this file as JSON, under fixed keys", Recursive = true };
        var details = new Option<FileInfo?>("--details") { Description = "Write every measurement (and the options) to this file as JSON", Recursive = true };
        var quick = new Option<bool>("--quick") { Description = "Smaller sizes and shorter windows: the whole 'all' run in under two minutes (figures at other sizes than their JSON key names are left null)", Recursive = true };

        var calls = new Option<int>("--in-silo-calls") { Description = "Timed sequential in-silo calls", DefaultValueFactory = _ => r.InSiloCalls };
        var callers = new Option<int>("--callers") { Description = "Concurrent cross-silo callers on the caller silo (and client-to-silo callers)", DefaultValueFactory = _ => r.Callers };
        var crossSeconds = new Option<double>("--cross-seconds") { Description = "Each measured cross-silo and client-to-silo window, seconds (after 2 s warm-up)", DefaultValueFactory = _ => r.Duration.TotalSeconds };

        var senders = new Option<int[]>("--senders") { Description = "Concurrencies of the send-throughput sweep", DefaultValueFactory = _ => [.. d.Concurrencies], AllowMultipleArgumentsPerToken = true };
        var sendWarmup = new Option<double>("--send-warmup-seconds") { Description = "Untimed sending before the first throughput window, seconds", DefaultValueFactory = _ => d.SendWarmup.TotalSeconds };
        var sendSeconds = new Option<double>("--send-seconds") { Description = "Each measured throughput window, seconds", DefaultValueFactory = _ => d.SendDuration.TotalSeconds };
        var rate = new Option<double>("--rate") { Description = "Offered sends per second for the ack-latency test", DefaultValueFactory = _ => d.OfferedRate };
        var rateSeconds = new Option<double>("--rate-seconds") { Description = "Length of the ack-latency test, seconds", DefaultValueFactory = _ => d.RateDuration.TotalSeconds };
        var smallLetters = new Option<int>("--small-letters") { Description = "Small letters to one user in Dovecot's workload (both sides)", DefaultValueFactory = _ => d.SmallLetters };
        var bulk = new Option<int[]>("--bulk-recipients") { Description = "Recipients of each bulk letter", DefaultValueFactory = _ => [.. d.BulkRecipients], AllowMultipleArgumentsPerToken = true };
        var bulkBytes = new Option<int>("--bulk-bytes") { Description = "Size of the bulk letters' body, bytes", DefaultValueFactory = _ => d.BulkBytes };
        var bulkExplicit = new Option<bool>("--bulk-explicit") { Description = "Name every bulk recipient in the letter instead of using a mailing list" };
        var inboxLetters = new Option<int>("--inbox-letters") { Description = "Letters in the inbox whose poll, list and receive are timed", DefaultValueFactory = _ => d.InboxLetters };
        var polls = new Option<int>("--poll-calls") { Description = "Sequential poll calls", DefaultValueFactory = _ => d.PollCalls };
        var memoryLetters = new Option<int>("--memory-letters") { Description = "Letters sent before the silos' peak memory is read", DefaultValueFactory = _ => d.MemoryLetters };
        var memoryUsers = new Option<int>("--memory-users") { Description = "Users those letters are spread over", DefaultValueFactory = _ => d.MemoryUsers };
        var dashboardSeconds = new Option<double>("--dashboard-seconds") { Description = "Each window of the dashboard-overhead comparison, seconds", DefaultValueFactory = _ => d.DashboardWindow.TotalSeconds };
        var dashboardPairs = new Option<int>("--dashboard-pairs") { Description = "Pairs of load windows (without and with the pages, ABBA) the dashboard overhead is measured over", DefaultValueFactory = _ => d.DashboardPairs };
        var dashboardPages = new Option<DashboardPages>("--dashboard-pages") { Description = "Pages open in the dashboard-overhead comparison: Both, Maildriver or Orleans", DefaultValueFactory = _ => d.DashboardPages };
        var cliRuns = new Option<int>("--cli-runs") { Description = "Timed runs of each maildriver command (--version, poll, send) as a process", DefaultValueFactory = _ => d.CliRuns };
        var silo = new Option<FileInfo?>("--silo") { Description = "Maildriver.Silo.dll to run (default: the one built with this benchmark)" };
        var logLevel = new Option<string?>("--silo-log-level") { Description = "MAILDRIVER_LOG_LEVEL for the silos (default: theirs, Information)" };
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary folders (the cluster's config, data and logs; Dovecot's scratch folder)" };

        var rounds = new Option<int>("--failover-rounds") { Description = "Times the Master is killed (restarted between rounds)", DefaultValueFactory = _ => f.Rounds };
        var failoverWarmup = new Option<double>("--failover-warmup-seconds") { Description = "Sending before each kill, seconds", DefaultValueFactory = _ => f.Warmup.TotalSeconds };
        var failoverInterval = new Option<double>("--failover-send-interval-ms") { Description = "A new send every this many milliseconds during failover", DefaultValueFactory = _ => f.SendInterval.TotalMilliseconds };
        var letters = new Option<int>("--catchup-letters") { Description = "Letters sent while a machine is down", DefaultValueFactory = _ => c.Letters };
        var catchupSenders = new Option<int>("--catchup-senders") { Description = "Concurrent sends while the machine is down", DefaultValueFactory = _ => c.Senders };

        var noDovecot = new Option<bool>("--no-dovecot") { Description = "Do not run Dovecot beside Maildriver" };
        var noInstall = new Option<bool>("--no-install") { Description = "Do not install Dovecot and smtp-source from the Debian packages when they are missing: fail instead" };
        var sessions = new Option<int>("--sessions") { Description = "Parallel sessions of the second small-letter workload (both sides)", DefaultValueFactory = _ => v.Sessions };

        var readerLetters = new Option<int>("--reader-letters") { Description = "Letters in the inbox while key presses are timed (headless)", DefaultValueFactory = _ => t.RedrawLetters };
        var readerKeys = new Option<int>("--reader-keys") { Description = "Key presses timed (after as many untimed)", DefaultValueFactory = _ => t.RedrawKeys };
        var readerRuns = new Option<int>("--reader-starts") { Description = "Timed starts of the reader to its first screen of letters", DefaultValueFactory = _ => t.FirstScreenRuns };
        MustBePositive(readerLetters, readerKeys, readerRuns);

        MustBePositive(calls, callers, smallLetters, bulkBytes, inboxLetters, polls, memoryLetters, memoryUsers, dashboardPairs, cliRuns, rounds, letters, catchupSenders, sessions);
        MustBePositive(crossSeconds, sendWarmup, sendSeconds, rate, rateSeconds, dashboardSeconds, failoverWarmup, failoverInterval);
        AllPositive(senders, bulk);

        // An option given on the command line wins; otherwise the preset of the run (--quick or the full one).
        static T Pick<T>(ParseResult p, Option<T> option, T preset) => p.GetResult(option) is { Implicit: false } ? p.GetValue(option)! : preset;

        RuntimeBenchmarkOptions RuntimeOptions(ParseResult p)
        {
            var preset = p.GetValue(quick) ? RuntimeBenchmarkOptions.Quick : r;
            return new()
            {
                InSiloCalls = Pick(p, calls, preset.InSiloCalls),
                InSiloWarmupCalls = preset.InSiloWarmupCalls,
                Callers = Pick(p, callers, preset.Callers),
                Duration = TimeSpan.FromSeconds(Pick(p, crossSeconds, preset.Duration.TotalSeconds)),
            };
        }

        ProtocolBenchmarkOptions ProtocolOptions(ParseResult p)
        {
            var preset = p.GetValue(quick) ? ProtocolBenchmarkOptions.Quick : d;
            return new()
            {
                Concurrencies = Pick(p, senders, [.. preset.Concurrencies]),
                SendWarmup = TimeSpan.FromSeconds(Pick(p, sendWarmup, preset.SendWarmup.TotalSeconds)),
                LevelWarmup = preset.LevelWarmup,
                SendDuration = TimeSpan.FromSeconds(Pick(p, sendSeconds, preset.SendDuration.TotalSeconds)),
                OfferedRate = Pick(p, rate, preset.OfferedRate),
                RateDuration = TimeSpan.FromSeconds(Pick(p, rateSeconds, preset.RateDuration.TotalSeconds)),
                SmallLetters = Pick(p, smallLetters, preset.SmallLetters),
                Sessions = p.GetValue(sessions),
                BulkRecipients = Pick(p, bulk, [.. preset.BulkRecipients]),
                BulkRepeats = preset.BulkRepeats,
                BulkBytes = Pick(p, bulkBytes, preset.BulkBytes),
                BulkExplicit = p.GetValue(bulkExplicit),
                InboxLetters = Pick(p, inboxLetters, preset.InboxLetters),
                PollCalls = Pick(p, polls, preset.PollCalls),
                ListCalls = preset.ListCalls,
                ReceiveCalls = preset.ReceiveCalls,
                MemoryLetters = Pick(p, memoryLetters, preset.MemoryLetters),
                MemoryUsers = Pick(p, memoryUsers, preset.MemoryUsers),
                DashboardWarmup = preset.DashboardWarmup,
                DashboardWindow = TimeSpan.FromSeconds(Pick(p, dashboardSeconds, preset.DashboardWindow.TotalSeconds)),
                DashboardPairs = Pick(p, dashboardPairs, preset.DashboardPairs),
                DashboardPages = p.GetValue(dashboardPages),
                CliRuns = Pick(p, cliRuns, preset.CliRuns),
                SiloPath = p.GetValue(silo)?.FullName,
                SiloLogLevel = p.GetValue(logLevel),
                KeepData = p.GetValue(keep),
            };
        }

        FailoverBenchmarkOptions FailoverOptions(ParseResult p)
        {
            var preset = p.GetValue(quick) ? FailoverBenchmarkOptions.Quick : f;
            return new()
            {
                Rounds = Pick(p, rounds, preset.Rounds),
                Warmup = TimeSpan.FromSeconds(Pick(p, failoverWarmup, preset.Warmup.TotalSeconds)),
                SendInterval = TimeSpan.FromMilliseconds(Pick(p, failoverInterval, preset.SendInterval.TotalMilliseconds)),
                SiloPath = p.GetValue(silo)?.FullName,
                SiloLogLevel = p.GetValue(logLevel),
                KeepData = p.GetValue(keep),
            };
        }

        CatchupBenchmarkOptions CatchupOptions(ParseResult p)
        {
            var preset = p.GetValue(quick) ? CatchupBenchmarkOptions.Quick : c;
            return new()
            {
                Letters = Pick(p, letters, preset.Letters),
                Senders = Pick(p, catchupSenders, preset.Senders),
                SiloPath = p.GetValue(silo)?.FullName,
                SiloLogLevel = p.GetValue(logLevel),
                KeepData = p.GetValue(keep),
            };
        }

        DovecotBenchmarkOptions DovecotOptions(ParseResult p)
        {
            var preset = p.GetValue(quick) ? DovecotBenchmarkOptions.Quick : v;
            return new()
            {
                SmallLetters = Pick(p, smallLetters, preset.SmallLetters),
                Sessions = p.GetValue(sessions),
                Install = !p.GetValue(noInstall),
                KeepData = p.GetValue(keep),
            };
        }

        ReaderBenchmarkOptions ReaderOptions(ParseResult p)
        {
            var preset = p.GetValue(quick) ? ReaderBenchmarkOptions.Quick : t;
            return new()
            {
                RedrawLetters = Pick(p, readerLetters, preset.RedrawLetters),
                RedrawKeys = Pick(p, readerKeys, preset.RedrawKeys),
                FirstScreenRuns = Pick(p, readerRuns, preset.FirstScreenRuns),
                FirstScreenLetters = preset.FirstScreenLetters,
                SiloPath = p.GetValue(silo)?.FullName,
                KeepData = p.GetValue(keep),
            };
        }

        var runtime = new Command("runtime", "Orleans alone, on two toy silo processes: in-silo call latency, cross-silo calls per second at --callers callers, client-to-silo calls per second");
        Add(runtime, calls, callers, crossSeconds);
        runtime.SetAction((p, ct) => RunAsync(p, json, details, new Selection(Runtime: RuntimeOptions(p)), ct));

        Option[] protocolOptions = [senders, sendWarmup, sendSeconds, rate, rateSeconds, smallLetters, sessions, bulk, bulkBytes, bulkExplicit, inboxLetters, polls, memoryLetters, memoryUsers, dashboardSeconds, dashboardPairs, dashboardPages, cliRuns];
        Option[] clusterOptions = [silo, logLevel, keep];
        var protocol = new Command("protocol", "Three Maildriver.Silo processes on loopback: sends/s at several concurrencies, Dovecot's small-letter workload, bulk letters, poll/list/receive, ack latency, maildriver send as a process, the dashboard's overhead, peak memory");
        Add(protocol, [.. protocolOptions, .. clusterOptions]);
        protocol.SetAction((p, ct) => RunAsync(p, json, details, new Selection(Protocol: ProtocolOptions(p)), ct));

        Option[] failoverOptions = [rounds, failoverWarmup, failoverInterval];
        var failover = new Command("failover", "kill -9 of the Master under steady sends: time to the first acknowledged send through the new Master, each round and the worst");
        Add(failover, [.. failoverOptions, .. clusterOptions]);
        failover.SetAction((p, ct) => RunAsync(p, json, details, new Selection(Failover: FailoverOptions(p)), ct));

        Option[] catchupOptions = [letters, catchupSenders];
        var catchup = new Command("catchup", "A machine that missed many letters restarts: time until it is caught up");
        Add(catchup, [.. catchupOptions, .. clusterOptions]);
        catchup.SetAction((p, ct) => RunAsync(p, json, details, new Selection(Catchup: CatchupOptions(p)), ct));

        var dovecot = new Command("dovecot", "Dovecot's LMTP delivery alone (peers/dovecot.sh): small letters to one user from 1 and 4 sessions, a 100 KB letter to 1,000 users");
        Add(dovecot, smallLetters, sessions, noInstall, keep);
        dovecot.SetAction((p, ct) => RunAsync(p, json, details, new Selection(Dovecot: DovecotOptions(p)), ct));

        Option[] readerOptions = [readerLetters, readerKeys, readerRuns];
        var reader = new Command("reader", "The terminal reader: a key press redrawn with 10,000 letters (headless Terminal.Gui), and maildriver started in a tmux pane to its first screen of letters on three Maildriver.Silo processes");
        Add(reader, [.. readerOptions, silo, keep]);
        reader.SetAction((p, ct) => RunAsync(p, json, details, new Selection(Reader: ReaderOptions(p)), ct));

        var all = new Command("all", "Everything: the runtime, Dovecot, then one three-machine cluster on fresh data for the protocol, failover and catch-up scenarios; Maildriver beside Dovecot at the end");
        Add(all, [calls, callers, crossSeconds, .. protocolOptions, .. failoverOptions, .. catchupOptions, .. readerOptions, noDovecot, noInstall, .. clusterOptions]);
        all.SetAction((p, ct) => RunAsync(p, json, details, new Selection(RuntimeOptions(p), ProtocolOptions(p), FailoverOptions(p), CatchupOptions(p), p.GetValue(noDovecot) ? null : DovecotOptions(p), ReaderOptions(p)), ct));

        var root = new RootCommand("Maildriver benchmarks: figures for the README, each next to the issue's target, beside Dovecot's.");
        root.Options.Add(json);
        root.Options.Add(details);
        root.Options.Add(quick);
        root.Subcommands.Add(all);
        root.Subcommands.Add(runtime);
        root.Subcommands.Add(protocol);
        root.Subcommands.Add(failover);
        root.Subcommands.Add(catchup);
        root.Subcommands.Add(dovecot);
        root.Subcommands.Add(reader);
        root.Subcommands.Add(ImapCommand.Create(quick, silo, logLevel, keep, noDovecot, noInstall, (p, imap, ct) => RunAsync(p, json, details, new Selection(Imap: imap), ct)));
        root.Subcommands.Add(ToySiloCommand.Create());
        return root;
    }

    private static async Task<int> RunAsync(ParseResult parse, Option<FileInfo?> json, Option<FileInfo?> details, Selection selection, CancellationToken cancellationToken)
    {
        var report = new BenchmarkReport();
        var failed = false;
        try
        {
            failed = !await BenchmarkRun.RunAsync(selection, report, cancellationToken).ConfigureAwait(false);
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
            await report.Figures().WriteAsync(file.FullName, CancellationToken.None).ConfigureAwait(false);
            Console.WriteLine($"JSON written to {file.FullName}");
        }

        if (parse.GetValue(details) is { } detailsFile)
        {
            await report.WriteDetailsAsync(detailsFile.FullName, selection, CancellationToken.None).ConfigureAwait(false);
            Console.WriteLine($"Every measurement written to {detailsFile.FullName}");
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
                if (NotANumber<T>(result, option.Name))
                {
                    return;
                }

                if (result.GetValueOrDefault<T>() <= T.Zero)
                {
                    result.AddError($"{option.Name} must be positive");
                }
            });
        }
    }

    // A validator runs even when a token did not convert, and reading the value then throws instead of reporting:
    // "--senders 1|4|64" (the form --help shows an array's default in) ended in an unhandled exception.
    private static bool NotANumber<T>(System.CommandLine.Parsing.OptionResult result, string name) where T : IParsable<T>
    {
        var bad = result.Tokens.FirstOrDefault(t => !T.TryParse(t.Value, System.Globalization.CultureInfo.InvariantCulture, out _));
        if (bad is not null)
        {
            result.AddError($"{name} takes numbers (several are separated by spaces): '{bad.Value}' is not one");
        }

        return bad is not null;
    }

    private static void AllPositive(params Option<int[]>[] options)
    {
        foreach (var option in options)
        {
            option.Validators.Add(result =>
            {
                if (NotANumber<int>(result, option.Name))
                {
                    return;
                }

                var values = result.GetValueOrDefault<int[]>() ?? [];
                if (values.Length == 0 || values.Any(value => value <= 0))
                {
                    result.AddError($"{option.Name} needs one or more positive numbers");
                }
            });
        }
    }
}
