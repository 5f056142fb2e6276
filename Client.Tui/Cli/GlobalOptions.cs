using System.CommandLine;

namespace Maildriver.Client.Cli;

/// <summary>Options every command takes; each falls back to an environment variable.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Gateway { get; } = new("--gateway") { Description = "host:port[,host:port…] of gateways, tried in order (else MAILDRIVER_GATEWAYS)", Recursive = true };

    public Option<string?> User { get; } = new("--user") { Description = "user name (else MAILDRIVER_USER)", Recursive = true };

    public Option<string?> Password { get; } = new("--password") { Description = "password (else MAILDRIVER_PASSWORD)", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "print machine-readable JSON", Recursive = true };

    public void AddTo(Command command)
    {
        command.Options.Add(Gateway);
        command.Options.Add(User);
        command.Options.Add(Password);
        command.Options.Add(Json);
    }
}
