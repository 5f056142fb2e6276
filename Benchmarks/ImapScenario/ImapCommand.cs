using System.CommandLine;

namespace Maildriver.Benchmarks.ImapScenario;

/// <summary>The <c>imap</c> command: issue 17's benchmark alone, Dovecot's side then Maildriver's, with its sizes.</summary>
internal static class ImapCommand
{
    /// <summary>The command; <paramref name="run"/> runs the options it parsed (the other options are the shared ones).</summary>
    public static Command Create(
        Option<bool> quick,
        Option<FileInfo?> silo,
        Option<string?> logLevel,
        Option<bool> keep,
        Option<bool> noDovecot,
        Option<bool> noInstall,
        Func<ParseResult, ImapBenchmarkOptions, CancellationToken, Task<int>> run)
    {
        var o = new ImapBenchmarkOptions();
        var fetchLetters = new Option<int>("--imap-fetch-letters") { Description = "Letters in the mailbox whose FETCH 1:N (ENVELOPE FLAGS) is timed (both sides)", DefaultValueFactory = _ => o.FetchLetters };
        var selectLetters = new Option<int>("--imap-select-letters") { Description = "Letters in the mailbox whose SELECT INBOX is timed (both sides)", DefaultValueFactory = _ => o.SelectLetters };
        var repeats = new Option<int>("--imap-repeats") { Description = "Warm repeats of each IMAP command in one session (their median is the warm figure)", DefaultValueFactory = _ => o.WarmRepeats };
        var restarts = new Option<int>("--imap-restarts") { Description = "Restarts of the server process for the cold figures (their median is the cold figure)", DefaultValueFactory = _ => o.ColdRestarts };
        var idleLetters = new Option<int>("--idle-letters") { Description = "Letters sent through MD2 to a client idling on MD1, one at a time", DefaultValueFactory = _ => o.IdleLetters };
        var senders = new Option<int>("--submission-senders") { Description = "Concurrent senders of the SMTP against client API comparison (SMTP: one connection each)", DefaultValueFactory = _ => o.SubmissionSenders };
        var seconds = new Option<double>("--submission-seconds") { Description = "Each measured submission window, seconds (after the warm-up)", DefaultValueFactory = _ => o.SubmissionDuration.TotalSeconds };
        var rounds = new Option<int>("--submission-rounds") { Description = "Rounds of the submission comparison, each a client API and an SMTP window (the API first in odd rounds, SMTP in even ones)", DefaultValueFactory = _ => o.SubmissionRounds };
        foreach (var option in new[] { fetchLetters, selectLetters, repeats, restarts, idleLetters, senders, rounds })
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() <= 0)
                {
                    result.AddError($"{option.Name} must be positive");
                }
            });
        }

        seconds.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() <= 0)
            {
                result.AddError($"{seconds.Name} must be positive");
            }
        });

        // An option given on the command line wins; otherwise the preset of the run (--quick or the full one).
        static T Pick<T>(ParseResult p, Option<T> option, T preset) => p.GetResult(option) is { Implicit: false } ? p.GetValue(option)! : preset;

        ImapBenchmarkOptions Options(ParseResult p)
        {
            var preset = p.GetValue(quick) ? ImapBenchmarkOptions.Quick : o;
            return new()
            {
                FetchLetters = Pick(p, fetchLetters, preset.FetchLetters),
                SelectLetters = Pick(p, selectLetters, preset.SelectLetters),
                WarmRepeats = Pick(p, repeats, preset.WarmRepeats),
                ColdRestarts = Pick(p, restarts, preset.ColdRestarts),
                IdleLetters = Pick(p, idleLetters, preset.IdleLetters),
                SubmissionSenders = Pick(p, senders, preset.SubmissionSenders),
                SubmissionWarmup = preset.SubmissionWarmup,
                SubmissionDuration = TimeSpan.FromSeconds(Pick(p, seconds, preset.SubmissionDuration.TotalSeconds)),
                SubmissionRounds = Pick(p, rounds, preset.SubmissionRounds),
                Dovecot = !p.GetValue(noDovecot),
                Install = !p.GetValue(noInstall),
                KeepData = p.GetValue(keep),
                SiloPath = p.GetValue(silo)?.FullName,
                SiloLogLevel = p.GetValue(logLevel),
            };
        }

        var command = new Command("imap", "Issue 17: FETCH 1:1000 (ENVELOPE FLAGS) and SELECT of a 10,000-letter INBOX on Dovecot (peers/dovecot.sh --imap-serve) and on three Maildriver.Silo processes, warm and cold; a client idling on MD1 told of letters sent through MD2; SMTP submission against the client API");
        foreach (var option in new Option[] { fetchLetters, selectLetters, repeats, restarts, idleLetters, senders, seconds, rounds, noDovecot, noInstall, silo, logLevel, keep })
        {
            command.Options.Add(option);
        }

        command.SetAction((p, ct) => run(p, Options(p), ct));
        return command;
    }
}
