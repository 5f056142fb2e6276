using System.CommandLine;

namespace Maildriver.Silo;

/// <summary>The <c>--config</c> and <c>--machine</c> options, which the root command (run the machine) and each store command take.</summary>
internal sealed class MachineOptions
{
    public Option<FileInfo> Config { get; } = new("--config") { Description = "The cluster configuration (cluster.json)", Required = true };

    public Option<string> Machine { get; } = new("--machine") { Description = "Which machine of the cluster (e.g. MD1)", Required = true };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Machine);
    }

    /// <summary>The configured machine, or null after a bad configuration was reported.</summary>
    public Task<MachineTarget?> LoadAsync(string command, ParseResult parse)
        => MachineTarget.LoadAsync(command, parse.GetValue(Config)!, parse.GetValue(Machine)!);
}
