using System.CommandLine;
using Maildriver.Client.Connection;

namespace Maildriver.Client.Cli;

/// <summary>Options every command takes; each falls back to an environment variable.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Gateway { get; } = new("--gateway") { Description = "host:port or https://host:port of gateways, comma-separated, tried in order (else MAILDRIVER_GATEWAYS)", Recursive = true };

    public Option<string?> CaFile { get; } = new("--ca-file") { Description = "PEM file of the certificate authority that signed the TLS gateways' certificates, instead of the system's (else MAILDRIVER_CA_FILE)", Recursive = true };

    public Option<string?> User { get; } = new("--user") { Description = "user name (else MAILDRIVER_USER)", Recursive = true };

    public Option<string?> Password { get; } = new("--password") { Description = "password (else MAILDRIVER_PASSWORD)", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "print machine-readable JSON", Recursive = true };

    /// <summary>Whose certificates TLS gateways may show: <c>--ca-file</c>, else MAILDRIVER_CA_FILE, else the system's roots.</summary>
    /// <exception cref="UsageException">The file cannot be read or holds no certificate.</exception>
    public GatewayTrust Trust(ParseResult parse)
    {
        var path = parse.GetValue(CaFile) ?? Environment.GetEnvironmentVariable("MAILDRIVER_CA_FILE");
        if (string.IsNullOrEmpty(path))
        {
            return GatewayTrust.System;
        }

        try
        {
            return GatewayTrust.FromPemFile(path);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    /// <summary>
    /// The value of a <c>--password</c> written before the command's name. Where a command has a <c>--password</c> of
    /// its own (<c>admin add-user NAME --password P</c>), every <c>--password</c> binds to the command's option, so the
    /// caller's own is read here from the tokens: options before the command are global, after it the command's.
    /// </summary>
    public string? PasswordBeforeCommand(ParseResult parse)
    {
        var tokens = parse.Tokens;
        for (var i = 0; i < tokens.Count && tokens[i].Type != System.CommandLine.Parsing.TokenType.Command; i++)
        {
            if (tokens[i].Type == System.CommandLine.Parsing.TokenType.Option && Password.Name == tokens[i].Value && i + 1 < tokens.Count)
            {
                return tokens[i + 1].Value;
            }
        }

        return null;
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Gateway);
        command.Options.Add(CaFile);
        command.Options.Add(User);
        command.Options.Add(Password);
        command.Options.Add(Json);
    }
}
