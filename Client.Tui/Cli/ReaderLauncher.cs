using System.CommandLine;

namespace Maildriver.Client.Cli;

/// <summary>What <c>maildriver</c> with no command does.</summary>
internal static class ReaderLauncher
{
    public static async Task<int> RunAsync(ParseResult parse, GlobalOptions global, CancellationToken cancellation)
    {
        // The full-screen reader is its own piece of work; until it lands, say what is there instead of guessing.
        await Console.Error.WriteLineAsync("maildriver: the full-screen reader is not available in this build; use a command (see 'maildriver --help').");
        return ExitCodes.Usage;
    }
}
