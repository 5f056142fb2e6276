using System.CommandLine;

namespace Maildriver.Client.Cli;

/// <summary>The <c>maildriver</c> command line.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var global = new GlobalOptions();
        var root = new RootCommand("Maildriver: a replicated campus mail system. Without a command, opens the terminal mail reader.");
        global.AddTo(root);
        foreach (var command in MailCommands.Create(global))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(AdminCommands.Create(global));
        root.SetAction((parse, cancellation) => ReaderLauncher.RunAsync(parse, global, cancellation));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"maildriver: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Try 'maildriver --help'.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync();
    }
}
