using System.CommandLine;
using Maildriver.Silo;

var config = new Option<FileInfo>("--config") { Description = "The cluster configuration (cluster.json)", Required = true };
var machine = new Option<string>("--machine") { Description = "Which machine of the cluster this process is (e.g. MD1)", Required = true };

var root = new RootCommand("One Maildriver machine: a silo with its gateway, on its own data directory.");
root.Options.Add(config);
root.Options.Add(machine);
root.SetAction((parse, cancellation) => SiloRunner.RunAsync(parse.GetValue(config)!, parse.GetValue(machine)!, cancellation));

// Without an InvocationConfiguration, System.CommandLine 2.0.0 installs no SIGINT/SIGTERM handler and the
// process dies on the signal; with one, the action's token is cancelled and the silo stops in an orderly way.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
