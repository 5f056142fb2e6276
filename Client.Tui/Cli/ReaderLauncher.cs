using System.CommandLine;
using System.Globalization;
using Maildriver.Client.Reader;
using Maildriver.Client.Reader.Tui;
using Maildriver.Client.Connection;

namespace Maildriver.Client.Cli;

/// <summary>What <c>maildriver</c> with no command does: opens the full-screen reader.</summary>
internal static class ReaderLauncher
{
    /// <summary>Seconds between background polls for new mail (default 5).</summary>
    public const string PollVariable = "MAILDRIVER_POLL_SECONDS";

    public static async Task<int> RunAsync(ParseResult parse, GlobalOptions global, CancellationToken cancellation)
    {
        var poll = ReaderOptions.DefaultPollInterval;
        if (Environment.GetEnvironmentVariable(PollVariable) is { Length: > 0 } text)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds is < 0.1 or > 86400)
            {
                await Console.Error.WriteLineAsync($"maildriver: {PollVariable}: '{text}' is not a number of seconds from 0.1 to 86400");
                return ExitCodes.Usage;
            }

            poll = TimeSpan.FromSeconds(seconds);
        }

        GatewayTrust trust;
        try
        {
            trust = global.Trust(parse);
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync($"maildriver: {ex.Message}");
            return ExitCodes.Usage;
        }

        // After the options, so a mistake in them is reported the same way with or without a terminal.
        if (Console.IsInputRedirected || Console.IsOutputRedirected)
        {
            await Console.Error.WriteLineAsync("maildriver: the reader needs a terminal; without one, use a command (see 'maildriver --help').");
            return ExitCodes.Usage;
        }

        var options = new ReaderOptions(
            parse.GetValue(global.Gateway) ?? Environment.GetEnvironmentVariable("MAILDRIVER_GATEWAYS"),
            parse.GetValue(global.User) ?? Environment.GetEnvironmentVariable("MAILDRIVER_USER"),
            parse.GetValue(global.Password) ?? Environment.GetEnvironmentVariable("MAILDRIVER_PASSWORD"),
            poll,
            TimeProvider.System,
            TimeZoneInfo.Local);

        await using var mail = new ClusterMailService(trust);
        var app = new ReaderApp(TuiTerminal.ForConsole(TimeZoneInfo.Local), mail, new ExternalEditor(), options);
        var exitCode = await app.RunAsync(cancellation);

        // Said on the main screen, after the reader has given it back, where it stays readable.
        if (app.State is { Screen: Screen.Sending, Draft: { } sending })
        {
            await Console.Error.WriteLineAsync(
                $"maildriver: left while \"{sending.Subject.Text}\" was being sent; it may or may not have gone. "
                + $"Sending it again with --submission-id {sending.SubmissionId} sends it at most once.");
        }
        else if (app.State?.Draft is { IsBlank: false } draft)
        {
            await Console.Error.WriteLineAsync($"maildriver: the unsent letter \"{draft.Subject.Text}\" was abandoned.");
        }

        return exitCode;
    }
}
