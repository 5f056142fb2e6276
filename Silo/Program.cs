using System.CommandLine;
using Maildriver.Silo;

var machine = new MachineOptions();
var root = new RootCommand("One Maildriver machine: a silo with its gateway, on its own data directory.");
machine.AddTo(root);
root.SetAction((parse, cancellation) => SiloRunner.RunAsync(parse.GetValue(machine.Config)!, parse.GetValue(machine.Machine)!, cancellation));
root.Subcommands.Add(BackupCommand.Create());
root.Subcommands.Add(RestoreCommand.Create());

var parsed = root.Parse(args);

// A subcommand's usage error exits with 2, like a bad configuration; the root keeps System.CommandLine's own
// handling, which the deploy scripts were written against.
if (parsed.Errors.Count > 0 && parsed.CommandResult.Command != root)
{
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync($"Maildriver.Silo {parsed.CommandResult.Command.Name}: {error.Message}");
    }

    return SiloExitCodes.Usage;
}

// Without an InvocationConfiguration, System.CommandLine 2.0.0 installs no SIGINT/SIGTERM handler and the
// process dies on the signal; with one, the action's token is cancelled and the silo stops in an orderly way.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
