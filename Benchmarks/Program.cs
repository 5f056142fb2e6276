using System.CommandLine;
using Maildriver.Benchmarks;

// Ctrl-C / SIGTERM cancel the run's token; give the cleanup (killing the silo processes, deleting their folder)
// time to finish before System.CommandLine lets the process end — its default is two seconds.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
return await BenchmarkCommand.Create().Parse(args).InvokeAsync(invocation);
