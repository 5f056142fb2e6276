using System.CommandLine;

namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>
/// The hidden <c>toy-silo</c> command: this executable as one silo of the runtime scenario's toy cluster. The
/// benchmark starts it as a child; it is not meant to be typed.
/// </summary>
internal static class ToySiloCommand
{
    public static Command Create()
    {
        var role = new Option<ToySiloRole>("--role") { Description = "caller or target", Required = true };
        var siloPort = new Option<int>("--silo-port") { Description = "Silo-to-silo port on 127.0.0.1", Required = true };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Client gateway port on 127.0.0.1", Required = true };
        var primaryPort = new Option<int>("--primary-port") { Description = "The caller silo's silo port (the development membership's primary)", Required = true };
        var command = new Command("toy-silo", "A plain Orleans silo with the runtime scenario's toy grains (run by the benchmark itself)") { Hidden = true };
        command.Options.Add(role);
        command.Options.Add(siloPort);
        command.Options.Add(gatewayPort);
        command.Options.Add(primaryPort);
        command.SetAction((p, ct) => ToySilo.RunAsync(p.GetValue(role), p.GetValue(siloPort), p.GetValue(gatewayPort), p.GetValue(primaryPort), ct));
        return command;
    }
}
